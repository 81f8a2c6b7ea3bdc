import type { Kysely } from 'kysely';

/** The storefront's per-email submission limit as a counter row, updated atomically in each review's transaction. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('storefront_email_limits')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('storefront_email_limits_pk', ['shop_id', 'email_hash'])
    .execute();
}
