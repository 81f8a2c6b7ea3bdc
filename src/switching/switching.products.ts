import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { findProductsByIdsOrHandles, insertMissingProducts } from '../products/products.queries.ts';
import { productKey, type ProductRef } from './switching.row.ts';

export interface CreatedProduct {
  product_id: string;
  handle: string;
  title: string;
  /** The line of the first row that named it. */
  line: number;
}

/**
 * A stable placeholder product id for a product named only by handle or SKU: 19 digits starting
 * with 8, far above today's Shopify ids, and the same on every run so re-imports find it again.
 */
export function placeholderProductId(key: string): string {
  const n = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`) % 1_000_000_000_000_000_000n;
  return `8${n.toString().padStart(18, '0')}`;
}

const CACHE_LIMIT = 100_000;

/**
 * Turns the products rows name (Shopify id, handle, SKU — the catalogue's `sku` first —, product URL) into product ids, creating
 * the products that do not exist from what the rows carry. Remembers what it resolved across batches.
 */
export class ProductResolver {
  private readonly known = new Map<string, string>();
  readonly created: CreatedProduct[] = [];
  /** Ids of products not in the catalogue that rows named by id alone (kept as the reviews' product ids). */
  readonly uncataloguedIds = new Set<string>();

  constructor(private readonly shopId: number) {}

  /** product_id per row (`'0'` for store reviews); with `write` false (dry run) nothing is created. */
  async resolve(db: Db, refs: { ref: ProductRef | null; line: number }[], now: number, write: boolean): Promise<string[]> {
    const pending = new Map<string, { ref: ProductRef; line: number }>();
    for (const { ref, line } of refs) {
      const key = productKey(ref);
      if (ref && !this.known.has(key) && !pending.has(key)) pending.set(key, { ref, line });
    }
    if (pending.size > 0) await this.lookUp(db, pending, now, write);
    return refs.map(({ ref }) => (ref === null ? '0' : this.known.get(productKey(ref))!));
  }

  private async lookUp(db: Db, pending: Map<string, { ref: ProductRef; line: number }>, now: number, write: boolean) {
    if (this.known.size > CACHE_LIMIT) this.known.clear();
    const idOf = (key: string, ref: ProductRef) => ref.id ?? (ref.handle ? undefined : placeholderProductId(key));
    const ids = [...pending].flatMap(([key, { ref }]) => idOf(key, ref) ?? []);
    const handles = [...pending.values()].flatMap(({ ref }) => (ref.id || !ref.handle ? [] : [ref.handle]));
    const skus = [...pending.values()].flatMap(({ ref }) => (ref.id || ref.handle || !ref.sku ? [] : [ref.sku]));
    const found = await findProductsByIdsOrHandles(db, this.shopId, ids, handles, skus);
    const byId = new Map(found.map((p) => [p.product_id, p.product_id]));
    const byHandle = new Map(found.map((p) => [p.handle.toLowerCase(), p.product_id]));
    // The catalogue's own product for a SKU wins over a placeholder an earlier import created for it.
    const bySku = new Map(found.filter((p) => p.sku !== '' && p.product_id !== placeholderProductId(`sku:${p.sku}`)).map((p) => [p.sku, p.product_id]));
    const toCreate: CreatedProduct[] = [];
    const extras = new Map<string, { url: string; image: string; sku: string }>();
    for (const [key, { ref, line }] of pending) {
      const id = idOf(key, ref);
      const skuOnly = !ref.id && !ref.handle ? ref.sku : undefined;
      const existing = (skuOnly ? bySku.get(skuOnly) : undefined) ?? (id ? byId.get(id) : byHandle.get(ref.handle!.toLowerCase()));
      if (existing) {
        this.known.set(key, existing);
        continue;
      }
      if (ref.id && !ref.handle && !ref.title) {
        this.uncataloguedIds.add(ref.id);
        this.known.set(key, ref.id);
        continue;
      }
      const productId = id ?? placeholderProductId(key);
      toCreate.push({ product_id: productId, handle: ref.handle ?? '', title: (ref.title ?? ref.handle ?? ref.sku ?? '').slice(0, 255), line });
      extras.set(productId, { url: ref.url ?? '', image: ref.imageUrl ?? '', sku: ref.sku ?? '' });
      this.known.set(key, productId);
    }
    if (write) {
      await insertMissingProducts(
        db,
        toCreate.map((p) => ({
          shop_id: this.shopId,
          product_id: p.product_id,
          handle: p.handle,
          title: p.title,
          url: extras.get(p.product_id)?.url ?? '',
          image_url: extras.get(p.product_id)?.image ?? '',
          sku: extras.get(p.product_id)?.sku ?? '',
          created_at: now,
          updated_at: now,
        })),
      );
    }
    this.created.push(...toCreate);
  }
}
