import type { Kysely } from 'kysely';

/**
 * Product identifiers for Google's matching (GTIN, MPN, SKU, brand); '' when unknown.
 * The (shop_id, updated_at) index lets the review feed read "last product change" without a scan.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['gtin', 'mpn', 'sku', 'brand']) {
    await db.schema
      .alterTable('products')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  await db.schema.createIndex('products_shop_updated').on('products').columns(['shop_id', 'updated_at']).execute();
}
