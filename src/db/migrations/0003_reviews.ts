import { sql, type Kysely } from 'kysely';
import { flagCheck, withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('reviews'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_phone', 'text', (c) => c.notNull())
    .addColumn('author_country', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('commented_at', 'bigint', (c) => c.notNull())
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('is_verified', 'integer', (c) => c.notNull().check(flagCheck('is_verified')))
    .addColumn('is_featured', 'integer', (c) => c.notNull().check(flagCheck('is_featured')))
    .addColumn('is_published', 'integer', (c) => c.notNull().check(flagCheck('is_published')))
    .addColumn('is_top', 'integer', (c) => c.notNull().check(flagCheck('is_top')))
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('reply_content', 'text')
    .addColumn('reply_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Listing one product's reviews newest first, and the whole shop's, are the hot reads.
  await db.schema.createIndex('reviews_shop_product_commented').on('reviews').columns(['shop_id', 'product_id', 'commented_at', 'id']).execute();
  await db.schema.createIndex('reviews_shop_commented').on('reviews').columns(['shop_id', 'commented_at', 'id']).execute();
}
