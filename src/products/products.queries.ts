import type { Db } from '../db/database.ts';
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
        updated_at: row.updated_at,
      }),
    )
    .execute();

export const findProduct = (db: Db, shopId: number, productId: string): Promise<ProductRow | undefined> =>
  db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('product_id', '=', productId).executeTakeFirst();

export const findProductByHandle = (db: Db, shopId: number, handle: string): Promise<ProductRow | undefined> =>
  db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('handle', '=', handle).executeTakeFirst();
