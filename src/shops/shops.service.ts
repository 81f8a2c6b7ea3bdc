import type { Db } from '../db/database.ts';
import { alreadyExists, invalidArgument, notFound } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';
import { newPrivateToken, newPublicToken, idString } from '../lib/ids.ts';
import { findShopByDomain, insertShop, updateShopTokens } from './shops.queries.ts';
import { requireString, type OptionValues } from '../cli/command.ts';

export interface ShopDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
}

export interface ShopCredentials {
  shop_id: string;
  domain: string;
  public_token: string;
  private_token: string;
}

const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function normaliseDomain(domain: string): string {
  const clean = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!DOMAIN.test(clean)) throw invalidArgument('domain', 'must be a host name such as demo.myshopify.com');
  return clean;
}

export async function createShop(deps: ShopDeps, input: { domain: string; name?: string }): Promise<ShopCredentials> {
  const domain = normaliseDomain(input.domain);
  if (await findShopByDomain(deps.db, domain)) throw alreadyExists(`shop ${domain}`);
  const publicToken = newPublicToken();
  const privateToken = newPrivateToken();
  const now = deps.clock.now();
  const shopId = await insertShop(deps.db, {
    domain,
    name: input.name?.trim() || domain,
    public_token: publicToken,
    private_token_sealed: deps.secrets.seal(privateToken),
    auto_publish: 1,
    created_at: now,
    updated_at: now,
  });
  return { shop_id: idString(shopId), domain, public_token: publicToken, private_token: privateToken };
}

/** Replaces the private token; the old one stops verifying with the next request. */
export async function rotatePrivateToken(deps: ShopDeps, domainInput: string): Promise<ShopCredentials> {
  const domain = normaliseDomain(domainInput);
  const shop = await findShopByDomain(deps.db, domain);
  if (!shop) throw notFound(`shop ${domain}`);
  const privateToken = newPrivateToken();
  await updateShopTokens(deps.db, shop.id, deps.secrets.seal(privateToken), deps.clock.now());
  return { shop_id: idString(shop.id), domain, public_token: shop.public_token, private_token: privateToken };
}

/** Every shop gets a new private token sealed with the current server key (recovery from a lost key). */
export async function rotateEveryPrivateToken(deps: ShopDeps): Promise<ShopCredentials[]> {
  const shops = await deps.db.selectFrom('shops').select(['domain']).orderBy('id').execute();
  const rotated: ShopCredentials[] = [];
  for (const shop of shops) rotated.push(await rotatePrivateToken(deps, shop.domain));
  return rotated;
}

/** The shop a CLI command names with `--domain` (required); "not found" when there is none. */
export const requireShopOption = (context: { database: { db: Db } }, options: OptionValues) => requireShop(context.database.db, requireString(options, 'domain'));

export async function requireShop(db: Db, domainInput: string) {
  const domain = normaliseDomain(domainInput);
  const shop = await findShopByDomain(db, domain);
  if (!shop) throw notFound(`shop ${domain}`);
  return shop;
}
