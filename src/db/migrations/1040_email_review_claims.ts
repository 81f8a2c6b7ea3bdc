import { sql, type Kysely } from 'kysely';

/**
 * One review per (order, product) from emailed links, held by a primary key. Databases that
 * already have duplicates (the race this closes) keep every review; the earliest of each
 * group becomes the claim, so the form shows "already reviewed" and no new duplicate can appear.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_review_claims')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('review_id', 'bigint', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_review_claims_pk', ['shop_id', 'order_id', 'product_id'])
    .execute();
  await db.schema.createIndex('email_review_claims_review').on('email_review_claims').column('review_id').execute();
  await sql`
    insert into email_review_claims (shop_id, order_id, product_id, review_id, created_at)
    select shop_id, order_id, product_id, min(id), min(created_at) from reviews
    where source = 'Email request'
    group by shop_id, order_id, product_id`.execute(db);
}
