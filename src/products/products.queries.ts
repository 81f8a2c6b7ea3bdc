import type { Db } from '../db/database.ts';
import type { ProductIdentifiers } from './identifiers.ts';
import type { NewProductRow, ProductRow } from './products.table.ts';

export const upsertProductRow = (db: Db, row: NewProductRow) =>
  db
    .insertInto('products')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['shop_id', 'product_id']).doUpdateSet({
        handle: row.handle,
        title: row.title,
        url: row.url,
        image_url: row.image_url,
        // Identifiers that were not given keep their stored value.
        ...(row.gtin !== undefined ? { gtin: row.gtin } : {}),
        ...(row.mpn !== undefined ? { mpn: row.mpn } : {}),
        ...(row.sku !== undefined ? { sku: row.sku } : {}),
        ...(row.brand !== undefined ? { brand: row.brand } : {}),
        updated_at: row.updated_at,
      }),
    )
    .execute();

/**
 * Sets the given identifiers of a product an order line reported; a product not known yet is
 * recorded with the line's title and no handle (it gets one when the store upserts it).
 */
export async function setProductIdentifiers(db: Db, shopId: number, productId: string, title: string, ids: Partial<ProductIdentifiers>, now: number) {
  const updated = await db
    .updateTable('products')
    .set({ ...ids, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('products')
    .values({ shop_id: shopId, product_id: productId, handle: '', title, url: '', image_url: '', ...ids, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'product_id']).doUpdateSet({ ...ids, updated_at: now }))
    .execute();
}

export const findProduct = (db: Db, shopId: number, productId: string): Promise<ProductRow | undefined> =>
  db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('product_id', '=', productId).executeTakeFirst();

export const findProductByHandle = (db: Db, shopId: number, handle: string): Promise<ProductRow | undefined> =>
  db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('handle', '=', handle).executeTakeFirst();

/** The shop's products with any of these ids or handles (imports resolve many rows at once). */
export const findProductsByIdsOrHandles = (db: Db, shopId: number, ids: string[], handles: string[], skus: string[] = []): Promise<ProductRow[]> =>
  ids.length === 0 && handles.length === 0 && skus.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('products')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where((eb) => eb.or([...(ids.length ? [eb('product_id', 'in', ids)] : []), ...(handles.length ? [eb('handle', 'in', handles)] : []), ...(skus.length ? [eb('sku', 'in', skus)] : [])]))
        .execute();

/** Adds products that do not exist yet (by shop and product id); existing ones are left as they are. */
export const insertMissingProducts = (db: Db, rows: NewProductRow[]) =>
  rows.length === 0
    ? Promise.resolve([])
    : db
        .insertInto('products')
        .values(rows)
        .onConflict((oc) => oc.columns(['shop_id', 'product_id']).doNothing())
        .execute();
