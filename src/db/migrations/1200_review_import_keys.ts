import type { Kysely } from 'kysely';

/**
 * Where each imported review came from (the file's review id, or a stable hash of the review),
 * unique per shop, so running an import again adds nothing. A review deleted after its import
 * keeps its key: re-running the import does not bring it back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_import_keys')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('review_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_import_keys_pk', ['shop_id', 'source_key'])
    .execute();
  await db.schema.createIndex('review_import_keys_review').on('review_import_keys').columns(['shop_id', 'review_id']).execute();
}
