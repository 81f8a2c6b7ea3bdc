import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Per-shop storefront settings; a shop without a row uses the defaults (publish 4-5 stars, hold the rest).
  await db.schema
    .createTable('storefront_settings')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('min_publish_rating', 'integer', (c) => c.notNull().check(sql`min_publish_rating between 1 and 6`))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One "helpful" vote per visitor per review. `voter` is a keyed hash of the visitor's address and
  // user agent: no cookie and no address is stored.
  await db.schema
    .createTable('review_votes')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_votes_pk', ['review_id', 'voter'])
    .execute();
  await db.schema.createIndex('review_votes_shop_review').on('review_votes').columns(['shop_id', 'review_id']).execute();
  // The per-email submission limit counts a shop's recent reviews by address.
  await db.schema.createIndex('reviews_shop_email_created').on('reviews').columns(['shop_id', 'author_email', 'created_at']).execute();
}
