import type { Kysely } from 'kysely';

/** Optional TOTP two-factor sign-in per merchant account (RFC 6238), with hashed recovery codes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_totp')
    .addColumn('merchant_id', 'bigint', (c) => c.primaryKey().references('merchants.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('recovery_hashes', 'text', (c) => c.notNull())
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
