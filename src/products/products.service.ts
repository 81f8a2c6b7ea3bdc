import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { normaliseIdentifiers, type ProductIdentifiersInput } from './identifiers.ts';
import { upsertProductRow } from './products.queries.ts';

export interface ProductInput extends ProductIdentifiersInput {
  product_id: string;
  handle: string;
  title: string;
  url?: string;
  image?: string;
}

const HTTP_URL = /^https?:\/\/\S+$/;

/** Creates or updates a product of the shop (the store's product id is the key). */
export async function upsertProduct(deps: { db: Db; clock: Clock }, shopId: number, input: ProductInput): Promise<void> {
  if (!/^[1-9][0-9]{0,19}$/.test(input.product_id)) throw invalidArgument('id', 'must be a positive numeric product id');
  if (!/^[a-z0-9][a-z0-9-_]{0,254}$/i.test(input.handle)) throw invalidArgument('handle', 'must be a URL handle (letters, digits, - and _)');
  if (input.title.trim() === '' || input.title.length > 255) throw invalidArgument('title', 'must be 1-255 characters');
  for (const [field, value] of [
    ['url', input.url],
    ['image', input.image],
  ] as const) {
    if (value && !HTTP_URL.test(value)) throw invalidArgument(field, 'must be an http(s) URL');
  }
  const identifiers = normaliseIdentifiers(input);
  const now = deps.clock.now();
  await upsertProductRow(deps.db, {
    shop_id: shopId,
    product_id: input.product_id,
    handle: input.handle,
    title: input.title.trim(),
    url: input.url ?? '',
    image_url: input.image ?? '',
    ...identifiers,
    created_at: now,
    updated_at: now,
  });
}
