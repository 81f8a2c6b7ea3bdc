import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import { compiledByShape, compiledOnce } from '../db/compiled.ts';
import { CommittedReadCache } from '../db/committed-read-cache.ts';
import type { RatingSummaryRow } from './ratings.table.ts';

/** Shop-wide summary subjects (product subjects are product ids; '0' is the store). */
export const ALL_PRODUCTS = '*products';
export const ALL_REVIEWS = '*all';
export const STORE = '0';

const STAR_COLUMNS = ['star1', 'star2', 'star3', 'star4', 'star5'] as const;

/**
 * The rating_summaries shard a writer adds to (1750_rating_summary_shards.ts): on PostgreSQL the
 * one of its connection, so a shop's concurrent review transactions (each on its own connection)
 * rarely wait for one another's row locks; a transaction always uses one shard, in which it locks
 * subjects in sorted order. SQLite has one writer at a time: shard 0.
 */
export const SUMMARY_SHARDS = 16;
const writerShard = (db: Db): RawBuilder<number> => (dialectOf(db) === 'postgres' ? sql<number>`pg_backend_pid() % ${sql.lit(SUMMARY_SHARDS)}` : sql<number>`0`);

/** The summary rows one review counts towards, in a fixed order so concurrent writers lock rows alike. */
export const subjectsOf = (productId: string): string[] => (productId === STORE ? [STORE, ALL_REVIEWS] : [productId, ALL_PRODUCTS, ALL_REVIEWS]).sort();

/**
 * Moves one review in or out of its subjects' summaries: `delta` (1, -1 or 0) changes the star
 * counts, which hold published reviews only; `totalDelta` changes review_total, which holds every
 * review. Run inside the review's transaction.
 */
export async function applyRatingDelta(db: Db, shopId: number, productId: string, rating: number, delta: 1 | -1 | 0, now: number, totalDelta: 1 | -1 | 0 = 0) {
  await ratingDeltaQuery(db, {
    shape: { star: STAR_COLUMNS[rating - 1]! },
    shopId,
    subjects: subjectsOf(productId),
    delta,
    ratingDelta: rating * delta,
    totalDelta,
    now,
  });
}

/** The upsert behind applyRatingDelta, compiled once per star column and subject count. */
const ratingDeltaQuery = compiledByShape<
  { shape: { star: (typeof STAR_COLUMNS)[number] }; shopId: number; subjects: string[]; delta: number; ratingDelta: number; totalDelta: number; now: number },
  never
>((db, { shape: { star }, shopId, subjects, delta, ratingDelta, totalDelta, now }) =>
  db
    .insertInto('rating_summaries')
    .values(
      subjects.map((subject) => ({
        shop_id: shopId,
        subject,
        shard: writerShard(db),
        star1: 0,
        star2: 0,
        star3: 0,
        star4: 0,
        star5: 0,
        [star]: delta,
        rating_sum: ratingDelta,
        review_total: totalDelta,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['shop_id', 'subject', 'shard']).doUpdateSet({
        [star]: sql`${sql.ref(`rating_summaries.${star}`)} + ${delta}`,
        rating_sum: sql`${sql.ref('rating_summaries.rating_sum')} + ${ratingDelta}`,
        review_total: sql`${sql.ref('rating_summaries.review_total')} + ${totalDelta}`,
        updated_at: now,
      }),
    ),
);

/**
 * How many reviews of these subjects match, from the maintained summaries: all of them
 * (review_total), the published ones (star counts, optionally of some star values) or the
 * unpublished ones. null when the summaries cannot tell (star values of unpublished reviews).
 */
export async function countFromSummaries(db: Db, shopId: number, subjects: string[], filter: { isPublished?: 0 | 1; ratings: number[] }): Promise<number | null> {
  if (filter.ratings.length > 0 && filter.isPublished !== 1) return null;
  const stars = filter.ratings.length > 0 ? [...new Set(filter.ratings)] : [1, 2, 3, 4, 5];
  const rows = await ratingSummariesQuery(db, { shopId, subjects: [...new Set(subjects)] });
  let count = 0;
  for (const row of rows) {
    const published = stars.reduce((sum, star) => sum + Number(row[STAR_COLUMNS[star - 1]!]), 0);
    const total = Number(row.review_total);
    count += filter.isPublished === undefined ? total : filter.isPublished === 1 ? published : total - published;
  }
  return count;
}

const ratingSummariesQuery = compiledByShape<{ shopId: number; subjects: string[] }, RatingSummaryRow>((db, { shopId, subjects }) =>
  db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).where('subject', 'in', subjects),
);

const ratingSummaryQuery = compiledOnce((db, { shopId, subject }: { shopId: number; subject: string }) =>
  db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).where('subject', '=', subject),
);

const ratingSummaryCache = new CommittedReadCache<RatingSummaryRow | undefined>(10_000);

/** The read behind get_rating, compiled once and cached until the next commit. */
export const findRatingSummary = (db: Db, shopId: number, subject: string): Promise<RatingSummaryRow | undefined> =>
  ratingSummaryCache.get(db, `${shopId}:${subject}`, async () => (await ratingSummaryQuery(db, { shopId, subject }))[0]);

/** Per-star counts of published reviews and the count of all reviews, to add to one summary subject. */
export interface RatingTotals {
  /** stars[0] = published 1-star reviews, …, stars[4] = published 5-star reviews. */
  stars: [number, number, number, number, number];
  /** Every review, published or not. */
  total: number;
}

/** Adds one review's share to the totals of every subject it counts towards (subjectsOf). */
export function addToRatingTotals(totals: Map<string, RatingTotals>, productId: string, rating: number, isPublished: 0 | 1): void {
  for (const subject of subjectsOf(productId)) {
    let entry = totals.get(subject);
    if (!entry) totals.set(subject, (entry = { stars: [0, 0, 0, 0, 0], total: 0 }));
    entry.total++;
    if (isPublished === 1) entry.stars[rating - 1]!++;
  }
}

/**
 * applyRatingDelta for many reviews at once (imports): one upsert adding each subject's totals,
 * subjects in sorted order so concurrent writers lock rows alike. Run inside the reviews' transaction.
 */
export async function applyRatingTotals(db: Db, shopId: number, totals: Map<string, RatingTotals>, now: number) {
  if (totals.size === 0) return;
  const rows = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subject, { stars, total }]) => ({
      shop_id: shopId,
      subject,
      shard: writerShard(db),
      star1: stars[0],
      star2: stars[1],
      star3: stars[2],
      star4: stars[3],
      star5: stars[4],
      rating_sum: stars.reduce((sum, n, i) => sum + n * (i + 1), 0),
      review_total: total,
      updated_at: now,
    }));
  const added = (column: 'star1' | 'star2' | 'star3' | 'star4' | 'star5' | 'rating_sum' | 'review_total') => sql<number>`${sql.ref(`rating_summaries.${column}`)} + ${sql.ref(`excluded.${column}`)}`;
  await db
    .insertInto('rating_summaries')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['shop_id', 'subject', 'shard']).doUpdateSet({
        star1: added('star1'),
        star2: added('star2'),
        star3: added('star3'),
        star4: added('star4'),
        star5: added('star5'),
        rating_sum: added('rating_sum'),
        review_total: added('review_total'),
        updated_at: now,
      }),
    )
    .execute();
}
