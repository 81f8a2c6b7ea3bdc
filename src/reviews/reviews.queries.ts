import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { dialectOf, escapeLike, likeOperator, type DialectName } from '../db/dialect.ts';
import { ALL_PRODUCTS, ALL_REVIEWS, STORE, countFromSummaries } from '../ratings/ratings.queries.ts';
import type { NewReviewRow, ReviewRow } from './reviews.table.ts';
import { compiledByShape, compiledOnce } from '../db/compiled.ts';
import { CommittedReadCache } from '../db/committed-read-cache.ts';
import { reviewJson } from './reviews.json.ts';
import { reviewJsonCacheOf, type ReviewStamp } from './review-json-cache.ts';

export type ReviewWithProduct = ReviewRow & { product_title: string | null; product_handle: string | null };

export interface ReviewFilter {
  productIds: string[];
  /** true: store reviews only; false: product reviews only; undefined: both. */
  storeOnly?: boolean;
  keyword?: string;
  ratings: number[];
  sources: string[];
  isPublished?: 0 | 1;
}

const withProducts = (db: Db) =>
  db
    .selectFrom('reviews')
    .leftJoin('products', (join) =>
      join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'),
    );

/** Reviews with their product's title and handle, always scoped to one shop. */
const reviewsOfShop = (db: Db, shopId: number) =>
  withProducts(db)
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.shop_id', '=', shopId);

const reviewByIdQuery = compiledOnce<ReviewWithProduct, [shopId: number, reviewId: number]>((db) =>
  reviewsOfShop(db, 0).where('reviews.id', '=', 0),
);

export const findReview = async (db: Db, shopId: number, reviewId: number): Promise<ReviewWithProduct | undefined> =>
  (await reviewByIdQuery(db, shopId, reviewId))[0];

const insertReviewQuery = compiledByShape<NewReviewRow, { id: number }>((db, row) => db.insertInto('reviews').values(row).returning('id'));

export async function insertReviewRow(db: Db, row: NewReviewRow): Promise<number> {
  const [inserted] = await insertReviewQuery(db, row);
  return Number(inserted!.id);
}

export const deleteReviewRow = (db: Db, shopId: number, reviewId: number) =>
  db.deleteFrom('reviews').where('shop_id', '=', shopId).where('id', '=', reviewId).executeTakeFirst();

export const updateReviewPublished = (db: Db, shopId: number, reviewId: number, isPublished: 0 | 1, now: number) =>
  db
    .updateTable('reviews')
    .set({ is_published: isPublished, updated_at: nextUpdatedAt(now) })
    .where('shop_id', '=', shopId)
    .where('id', '=', reviewId)
    .where('is_published', '!=', isPublished)
    .executeTakeFirst();

/**
 * A review's new updated_at: now, or one millisecond past the stored value when that is not
 * earlier, so that every write changes it (cached Review JSON is validated by it).
 */
export const nextUpdatedAt = (now: number) =>
  sql<number>`case when ${sql.ref('updated_at')} >= ${now} then ${sql.ref('updated_at')} + 1 else ${now} end`;

/** The WHERE condition for a list filter (the shop condition is added by the caller). */
function matchesFilter(eb: ExpressionBuilder<Database, 'reviews'>, filter: ReviewFilter, dialect: DialectName): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.productIds.length > 0) conditions.push(eb('reviews.product_id', 'in', filter.productIds));
  else if (filter.storeOnly === true) conditions.push(eb('reviews.product_id', '=', '0'));
  else if (filter.storeOnly === false) conditions.push(eb('reviews.product_id', '!=', '0'));
  if (filter.ratings.length > 0) conditions.push(eb('reviews.rating', 'in', filter.ratings));
  if (filter.sources.length > 0) conditions.push(eb('reviews.source', 'in', filter.sources));
  if (filter.isPublished !== undefined) conditions.push(eb('reviews.is_published', '=', filter.isPublished));
  if (filter.keyword) {
    const pattern = `%${escapeLike(filter.keyword)}%`;
    const op = sql.raw(likeOperator(dialect));
    conditions.push(
      eb.or(
        (['reviews.title', 'reviews.content', 'reviews.author'] as const).map(
          (column) => sql<SqlBool>`${sql.ref(column)} ${op} ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  return eb.and(conditions);
}

export interface PageWindow {
  offset: number;
  limit: number;
  ascending: boolean;
}

interface ListInput {
  shopId: number;
  filter: ReviewFilter;
  page: PageWindow;
}

/** What tells whether a cached Review JSON is still exact (ReviewStamp). */
const STAMP_COLUMNS = ['reviews.id', 'reviews.updated_at', 'products.title as product_title', 'products.handle as product_handle'] as const;

/** One page of reviews: only their stamps. */
const reviewPageQuery = compiledByShape<ListInput, ReviewStamp>((db, { shopId, filter, page }) => {
  const direction = page.ascending ? 'asc' : 'desc';
  return withProducts(db)
    .select(STAMP_COLUMNS)
    .where('reviews.shop_id', '=', shopId)
    .where((eb) => matchesFilter(eb, filter, dialectOf(db)))
    .orderBy('reviews.commented_at', direction)
    .orderBy('reviews.id', direction)
    .limit(page.limit)
    .offset(page.offset);
});

/** Reviews as the spec's Review object in JSON text, built by the database (reviews.json.ts). */
const reviewJsonQuery = compiledByShape<{ shopId: number; ids: number[] }, ReviewStamp & { review: string }>((db, { shopId, ids }) =>
  withProducts(db)
    .select(STAMP_COLUMNS)
    .select(reviewJson(dialectOf(db)).as('review'))
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.id', 'in', ids),
);

/** The page's Review JSON texts in page order: from the cache when still exact, else from the database. */
async function reviewJsonOf(db: Db, shopId: number, stamps: ReviewStamp[]): Promise<string[]> {
  const cache = reviewJsonCacheOf(db);
  const texts = stamps.map((stamp) => cache.get(stamp));
  const missing = stamps.filter((_, i) => texts[i] === undefined).map((stamp) => Number(stamp.id));
  if (missing.length === 0) return texts as string[];
  const fetched = new Map<number, string>();
  for (const row of await reviewJsonQuery(db, { shopId, ids: missing })) {
    const stamp: ReviewStamp = { id: Number(row.id), updated_at: Number(row.updated_at), product_title: row.product_title, product_handle: row.product_handle };
    fetched.set(stamp.id, row.review);
    cache.set(stamp, row.review);
  }
  // A review deleted between the two reads is left out of the page.
  return stamps.flatMap((stamp, i) => texts[i] ?? fetched.get(Number(stamp.id)) ?? []);
}

const rowCountQuery = compiledByShape<Omit<ListInput, 'page'>, { count: number | string }>((db, { shopId, filter }) =>
  db
    .selectFrom('reviews')
    .where('reviews.shop_id', '=', shopId)
    .where((eb) => matchesFilter(eb, filter, dialectOf(db)))
    .select((eb) => eb.fn.countAll<number>().as('count')),
);

interface ReviewPage {
  reviews: string[];
  count: number;
}

/** Pages hold the same strings as the Review JSON cache, so an entry costs little more than its array. */
const reviewPageCache = new CommittedReadCache<ReviewPage>(1_000);

/** A page of reviews as Review JSON texts, and how many reviews match the filter in all (cached until the next commit). */
export const listReviews = (db: Db, shopId: number, filter: ReviewFilter, page: PageWindow): Promise<ReviewPage> =>
  reviewPageCache.get(db, JSON.stringify([shopId, filter, page]), () => readReviewPage(db, shopId, filter, page));

async function readReviewPage(db: Db, shopId: number, filter: ReviewFilter, page: PageWindow): Promise<ReviewPage> {
  const reviews = await reviewJsonOf(db, shopId, await reviewPageQuery(db, { shopId, filter, page }));
  // A short first page already tells the count; so do the maintained summaries for common filters.
  if (page.offset === 0 && reviews.length < page.limit) return { reviews, count: reviews.length };
  const subjects = summarySubjects(filter);
  const summarised = subjects && (await countFromSummaries(db, shopId, subjects, filter));
  if (typeof summarised === 'number') return { reviews, count: summarised };
  const [counted] = await rowCountQuery(db, { shopId, filter });
  return { reviews, count: Number(counted!.count) };
}

/** The rating_summaries subjects whose totals answer this filter's count, or null when rows must be counted. */
function summarySubjects(filter: ReviewFilter): string[] | null {
  if (filter.keyword || filter.sources.length > 0) return null;
  if (filter.productIds.length > 0) return filter.productIds;
  if (filter.storeOnly === true) return [STORE];
  if (filter.storeOnly === false) return [ALL_PRODUCTS];
  return [ALL_REVIEWS];
}

/** The columns moderation may change (publish/hide, flags, reply, media visibility). */
export type ReviewModerationPatch = Partial<Pick<ReviewRow, 'is_published' | 'hide_reason' | 'is_featured' | 'is_top' | 'tag' | 'reply_content' | 'reply_at' | 'media'>>;

/**
 * A moderation write, guarded by the publication state the caller read (so the rating delta it
 * applies is exact even when another writer got there first: then nothing is updated).
 */
export const updateReviewModeration = (db: Db, shopId: number, reviewId: number, expectPublished: number, patch: ReviewModerationPatch, now: number) =>
  db
    .updateTable('reviews')
    .set({ ...patch, updated_at: nextUpdatedAt(now) })
    .where('shop_id', '=', shopId)
    .where('id', '=', reviewId)
    .where('is_published', '=', expectPublished)
    .executeTakeFirst();
