import type { Kysely } from 'kysely';

/** Low-rating alert emails: the last review id the alert task has looked at, per shop. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('admin_shop_settings')
    .addColumn('alert_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
