import type { Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let table = withAutoId(db, db.schema.createTable('customer_events')).addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'));
  for (const column of ['event_type', 'os_type', 'event_source', 'customer_id', 'customer_email', 'review_id', 'product_id', 'page_url', 'extra']) {
    table = table.addColumn(column, 'text', (c) => c.notNull());
  }
  await table.addColumn('created_at', 'bigint', (c) => c.notNull()).execute();
  await db.schema.createIndex('customer_events_shop_created').on('customer_events').columns(['shop_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('customer_events_shop_email').on('customer_events').columns(['shop_id', 'customer_email']).execute();
}
