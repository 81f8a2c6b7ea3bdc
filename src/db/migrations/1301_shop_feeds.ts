import type { Kysely } from 'kysely';

/**
 * One secret feed token per shop. The feed URL carries the token; requests find the shop by the
 * token's SHA-256 (`token_hash`), and `token_sealed` (encrypted with the server key) lets
 * `plaudit feeds url` show the URL again. Rotation replaces the row, so the old URL stops at once.
 * The (shop_id, updated_at) index on reviews gives the feed's "last change" in one index read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shop_feeds')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_shop_updated').on('reviews').columns(['shop_id', 'updated_at']).execute();
}
