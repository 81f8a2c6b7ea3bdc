import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** Single-use emailed links of the console: password resets and team invitations (only token hashes stored). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('admin_tokens'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('password_reset', 'invitation')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'bigint', (c) => c.references('merchants.id').onDelete('cascade'))
    .addColumn('shop_id', 'bigint', (c) => c.references('shops.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addColumn('invited_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('admin_tokens_shop').on('admin_tokens').columns(['shop_id', 'kind']).execute();
}
