import type { Db } from '../src/db/database.ts';

/** Per subject, recounted from the reviews: published star counts, their rating sum, and every review. */
export async function recount(db: Db, shopId: number): Promise<Record<string, number[]>> {
  const rows = await db
    .selectFrom('reviews')
    .select(['product_id', 'rating', 'is_published'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .groupBy(['product_id', 'rating', 'is_published'])
    .execute();
  const result: Record<string, number[]> = {};
  const add = (subject: string, rating: number, published: boolean, n: number) => {
    const counts = (result[subject] ??= [0, 0, 0, 0, 0, 0, 0]);
    if (published) {
      counts[rating - 1]! += n;
      counts[5]! += n * rating;
    }
    counts[6]! += n;
  };
  for (const row of rows) {
    const n = Number(row.n);
    const published = Number(row.is_published) === 1;
    add(row.product_id, row.rating, published, n);
    add('*all', row.rating, published, n);
    if (row.product_id !== '0') add('*products', row.rating, published, n);
  }
  return result;
}

/** The maintained rating summaries in recount's shape (subjects with nothing left out). */
export async function summaries(db: Db, shopId: number): Promise<Record<string, number[]>> {
  const rows = await db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).execute();
  return Object.fromEntries(
    rows.map((r) => [r.subject, [r.star1, r.star2, r.star3, r.star4, r.star5, r.rating_sum, r.review_total].map(Number)] as const).filter(([, counts]) => counts.some((n) => n !== 0)),
  );
}
