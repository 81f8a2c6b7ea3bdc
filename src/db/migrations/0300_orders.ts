import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('orders'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('order_name', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('customer_email', 'text', (c) => c.notNull())
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('customer_phone', 'text', (c) => c.notNull())
    .addColumn('line_items', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull().check(sql`status between 1 and 6`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('order_created_at', 'bigint', (c) => c.notNull())
    .addColumn('fulfilled_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('scheduled_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('evaluated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('orders_shop_order_unique', ['shop_id', 'order_id'])
    .execute();
  await db.schema.createIndex('orders_shop_created').on('orders').columns(['shop_id', 'order_created_at', 'id']).execute();
  await db.schema.createIndex('orders_shop_email').on('orders').columns(['shop_id', 'customer_email']).execute();
}
