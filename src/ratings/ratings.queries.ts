import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { RatingSummaryRow } from './ratings.table.ts';

/** Shop-wide summary subjects (product subjects are product ids; '0' is the store). */
export const ALL_PRODUCTS = '*products';
export const ALL_REVIEWS = '*all';
export const STORE = '0';

const STAR_COLUMNS = ['star1', 'star2', 'star3', 'star4', 'star5'] as const;

/** The summary rows one review counts towards, in a fixed order so concurrent writers lock rows alike. */
export const subjectsOf = (productId: string): string[] =>
  (productId === STORE ? [STORE, ALL_REVIEWS] : [productId, ALL_PRODUCTS, ALL_REVIEWS]).sort();

/** Adds (delta = 1) or removes (delta = -1) one published review of `rating` stars. Run inside the review's transaction. */
export async function applyRatingDelta(db: Db, shopId: number, productId: string, rating: number, delta: 1 | -1, now: number) {
  const star = STAR_COLUMNS[rating - 1]!;
  const zero = { star1: 0, star2: 0, star3: 0, star4: 0, star5: 0 };
  await db
    .insertInto('rating_summaries')
    .values(
      subjectsOf(productId).map((subject) => ({
        shop_id: shopId,
        subject,
        ...zero,
        [star]: delta,
        rating_sum: rating * delta,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['shop_id', 'subject']).doUpdateSet({
        [star]: sql`${sql.ref(`rating_summaries.${star}`)} + ${delta}`,
        rating_sum: sql`${sql.ref('rating_summaries.rating_sum')} + ${rating * delta}`,
        updated_at: now,
      }),
    )
    .execute();
}

export const findRatingSummary = (db: Db, shopId: number, subject: string): Promise<RatingSummaryRow | undefined> =>
  db.selectFrom('rating_summaries').selectAll().where('shop_id', '=', shopId).where('subject', '=', subject).executeTakeFirst();
