import { sql, type Kysely } from 'kysely';
import { flagCheck, withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_settings')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().check(flagCheck('enabled')))
    .addColumn('delay_days', 'integer', (c) => c.notNull().check(sql`delay_days between 0 and 365`))
    .addColumn('reminder_days', 'integer', (c) => c.check(sql`reminder_days between 1 and 365`))
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('product_ids', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await withAutoId(db, db.schema.createTable('email_jobs'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_ref', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('request', 'reminder')`))
    .addColumn('email_type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'cancelled', 'suppressed', 'failed')`))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_jobs_due').on('email_jobs').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('email_jobs_order').on('email_jobs').columns(['order_ref']).execute();
}
