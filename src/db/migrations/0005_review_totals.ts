import { sql, type Kysely } from 'kysely';

/**
 * rating_summaries.review_total: every review of the subject, published or not, so that
 * get_reviews can report `count` for a product (or the store, or the shop) without counting rows.
 * Backfilled from the reviews already stored.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rating_summaries')
    .addColumn('review_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await backfillReviewTotals(db);
}

/** Sets review_total of every subject from the stored reviews (creating rows for subjects with only unpublished reviews). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function backfillReviewTotals(db: Kysely<any>): Promise<void> {
  const groups = [
    { subject: sql`product_id`, where: sql`1 = 1`, groupBy: sql`shop_id, product_id` },
    { subject: sql.lit('*products'), where: sql`product_id <> '0'`, groupBy: sql`shop_id` },
    { subject: sql.lit('*all'), where: sql`1 = 1`, groupBy: sql`shop_id` },
  ];
  // Counting alone is answered from the (shop_id, product_id, …) index without reading rows.
  const now = Date.now();
  for (const group of groups) {
    // "where" is required before "on conflict" in SQLite's insert … select.
    await sql`
      insert into rating_summaries (shop_id, subject, star1, star2, star3, star4, star5, rating_sum, updated_at, review_total)
      select shop_id, ${group.subject}, 0, 0, 0, 0, 0, 0, ${now}, count(*)
      from reviews where ${group.where} group by ${group.groupBy}
      on conflict (shop_id, subject) do update set review_total = excluded.review_total
    `.execute(db);
  }
}
