import { sql, type Updateable, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { dialectOf, escapeLike, likeOperator, type DialectName } from '../db/dialect.ts';
import { ALL_PRODUCTS, ALL_REVIEWS, STORE, applyRatingDelta, countFromSummaries } from '../ratings/ratings.queries.ts';
import type { NewReviewRow, ReviewRow, ReviewsTable } from './reviews.table.ts';
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
  db.selectFrom('reviews').leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'));

/** Reviews with their product's title and handle, always scoped to one shop. */
const reviewsOfShop = (db: Db, shopId: number) =>
  withProducts(db).selectAll('reviews').select(['products.title as product_title', 'products.handle as product_handle']).where('reviews.shop_id', '=', shopId);

const reviewByIdQuery = compiledOnce((db, { shopId, reviewId }: { shopId: number; reviewId: number }) => reviewsOfShop(db, shopId).where('reviews.id', '=', reviewId));

export const findReview = async (db: Db, shopId: number, reviewId: number): Promise<ReviewWithProduct | undefined> => (await reviewByIdQuery(db, { shopId, reviewId }))[0];

/**
 * The shop condition of a lookup by review ids. Written `+shop_id` so that no index is chosen
 * for it: given `shop_id = ? and id in (…)`, SQLite's planner (with statistics) scanned the
 * shop's whole index (1.6 ms for 10 ids at 100,000 reviews) instead of looking the ids up.
 */
const idsOfShop = (eb: ExpressionBuilder<Database, 'reviews' | 'products'>, shopId: number, ids: number[]) =>
  eb.and([eb('reviews.id', 'in', ids), sql<SqlBool>`+${sql.ref('reviews.shop_id')} = ${shopId}`]);

const reviewsByIdsQuery = compiledByShape<{ shopId: number; ids: number[] }, ReviewWithProduct>((db, { shopId, ids }) =>
  withProducts(db)
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where((eb) => idsOfShop(eb, shopId, ids)),
);

/** Some of a shop's reviews with their products, in no particular order. */
export const findReviews = (db: Db, shopId: number, ids: number[]): Promise<ReviewWithProduct[]> => (ids.length === 0 ? Promise.resolve([]) : reviewsByIdsQuery(db, { shopId, ids }));

/*
 * The one door for writes of `reviews` (a test fails when another file writes the table): every
 * UPDATE goes through `updateReviews`, which advances updated_at (cached Review JSON and pages are
 * validated by it), and every write that changes what a review counts for moves it in the rating
 * summaries here too. The summary rows are shared by all of a shop's writers and their row locks
 * serialise concurrent transactions (PostgreSQL) until commit, so the summary update is the last
 * statement: `then` runs the caller's other statements (reading the review back, events) first.
 */

const insertReviewQuery = compiledByShape<NewReviewRow, { id: number }>((db, row) => db.insertInto('reviews').values(row).returning('id'));

/** Inserts a review and counts it (its stars only when published); `then` gets its id. Run in a transaction. */
export async function insertReviewRow<T>(trx: Db, row: NewReviewRow, now: number, then: (id: number) => Promise<T>): Promise<T> {
  const [inserted] = await insertReviewQuery(trx, row);
  const result = await then(Number(inserted!.id));
  await applyRatingDelta(trx, row.shop_id, row.product_id, row.rating, row.is_published === 1 ? 1 : 0, now, 1);
  return result;
}

/** Deletes a review read in this transaction and uncounts it; `then` learns whether it was still there. */
export async function deleteReviewRow<T>(trx: Db, row: ReviewRow, now: number, then: (deleted: boolean) => Promise<T>): Promise<T> {
  const deleted = await trx.deleteFrom('reviews').where('shop_id', '=', row.shop_id).where('id', '=', row.id).executeTakeFirst();
  const wasThere = Number(deleted.numDeletedRows) === 1;
  const result = await then(wasThere);
  if (wasThere) await applyRatingDelta(trx, row.shop_id, row.product_id, row.rating, row.is_published === 1 ? -1 : 0, now, -1);
  return result;
}

/** Publishes or hides a review read in this transaction, moving its stars; `then` learns whether it changed. */
export async function updateReviewPublished<T>(trx: Db, row: ReviewRow, isPublished: 0 | 1, now: number, then: (changed: boolean) => Promise<T>): Promise<T> {
  const updated = await updateReviews(trx, row.shop_id, { is_published: isPublished }, now).where('id', '=', row.id).where('is_published', '!=', isPublished).executeTakeFirst();
  const changed = Number(updated.numUpdatedRows) === 1;
  const result = await then(changed);
  if (changed) await applyRatingDelta(trx, row.shop_id, row.product_id, row.rating, isPublished === 1 ? 1 : -1, now);
  return result;
}

/** Replaces the author details of one review (what it counts for does not change). */
export const updateReviewAuthor = (db: Db, shopId: number, reviewId: number, author: Pick<ReviewsTable, 'author' | 'author_email' | 'author_phone'>, now: number) =>
  updateReviews(db, shopId, author, now).where('id', '=', reviewId).executeTakeFirst();

/** Ids of a shop's reviews written by one address, oldest first. */
export const reviewIdsByAuthorEmail = async (db: Db, shopId: number, email: string): Promise<number[]> =>
  (await db.selectFrom('reviews').select('id').where('shop_id', '=', shopId).where('author_email', '=', email).orderBy('id').execute()).map((r) => r.id);

/** Columns whose change does not move a review in the rating summaries (those go through the functions above). */
type ReviewContentUpdate = Partial<Omit<Updateable<ReviewsTable>, 'id' | 'shop_id' | 'product_id' | 'rating' | 'created_at' | 'updated_at'>>;

/** Every UPDATE of reviews, scoped to one shop, with updated_at advanced. */
const updateReviews = (db: Db, shopId: number, set: ReviewContentUpdate, now: number) =>
  db
    .updateTable('reviews')
    .set({ ...set, updated_at: nextUpdatedAt(now) })
    .where('shop_id', '=', shopId);

/**
 * A review's new updated_at: now, or one millisecond past the stored value when that is not
 * earlier, so that every write changes it.
 */
const nextUpdatedAt = (now: number) => sql<number>`case when ${sql.ref('updated_at')} >= ${now} then ${sql.ref('updated_at')} + 1 else ${now} end`;

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
    conditions.push(eb.or((['reviews.title', 'reviews.content', 'reviews.author'] as const).map((column) => sql<SqlBool>`${sql.ref(column)} ${op} ${pattern} escape '\\'`)));
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
    .where((eb) => idsOfShop(eb, shopId, ids)),
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

/**
 * Inserts many reviews in one statement (imports); returns their ids in the rows' order.
 * Ids are assigned in insertion order within one statement, so sorting the returned ids
 * restores the order whatever order RETURNING yields them in. The caller keeps ratings exact
 * (applyRatingTotals) in the same transaction.
 */
export async function insertReviewRows(db: Db, rows: NewReviewRow[]): Promise<number[]> {
  const ids: number[] = [];
  // Statements stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const inserted = await db
      .insertInto('reviews')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  return ids;
}

const INSERT_CHUNK = 1_000;

/** What an author's edit changes: the text, the rating (the old one kept in rating_history) and publication as the moderation rule decides. */
export type ReviewAuthorEdit = Pick<ReviewRow, 'rating' | 'title' | 'content' | 'rating_history' | 'is_published' | 'hide_reason'>;

/**
 * An edit by the review's author of a review read in this transaction, guarded by its updated_at
 * (another writer got there first: nothing changes). Its stars move out under the old rating and
 * publication and back in under the new ones; `then` learns whether it changed.
 */
export async function updateReviewByAuthor<T>(trx: Db, row: ReviewRow, edit: ReviewAuthorEdit, now: number, then: (changed: boolean) => Promise<T>): Promise<T> {
  const { rating, ...rest } = edit;
  const updated = await updateReviews(trx, row.shop_id, rest, now).set({ rating }).where('id', '=', row.id).where('updated_at', '=', row.updated_at).executeTakeFirst();
  const changed = Number(updated.numUpdatedRows) === 1;
  const result = await then(changed);
  if (changed && (rating !== row.rating || edit.is_published !== row.is_published)) {
    await applyRatingDelta(trx, row.shop_id, row.product_id, row.rating, row.is_published === 1 ? -1 : 0, now, -1);
    await applyRatingDelta(trx, row.shop_id, row.product_id, rating, edit.is_published === 1 ? 1 : 0, now, 1);
  }
  return result;
}

/** Replaces a review's media list (imports attach downloaded copies); updated_at moves so cached JSON is rebuilt. */
export const updateReviewMedia = (db: Db, shopId: number, reviewId: number, media: string, now: number) => updateReviews(db, shopId, { media }, now).where('id', '=', reviewId).executeTakeFirst();

/** A review's media list, locked until the transaction ends on PostgreSQL (SQLite runs one writer at a time). */
export const findReviewMediaForUpdate = (db: Db, shopId: number, reviewId: number): Promise<{ media: string } | undefined> =>
  db
    .selectFrom('reviews')
    .select('media')
    .where('shop_id', '=', shopId)
    .where('id', '=', reviewId)
    .$if(dialectOf(db) === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
/** The columns moderation may change (publish/hide, flags, reply, media visibility). */
export type ReviewModerationPatch = Partial<Pick<ReviewRow, 'is_published' | 'hide_reason' | 'is_featured' | 'is_top' | 'tag' | 'reply_content' | 'reply_at' | 'media'>>;

/**
 * A moderation write of a review read in this transaction, guarded by the publication state read
 * (another writer got there first: nothing changes), moving its stars when it is published or
 * hidden; `then` learns whether it changed.
 */
export async function updateReviewModeration<T>(trx: Db, row: ReviewRow, patch: ReviewModerationPatch, now: number, then: (changed: boolean) => Promise<T>): Promise<T> {
  const updated = await updateReviews(trx, row.shop_id, patch, now).where('id', '=', row.id).where('is_published', '=', row.is_published).executeTakeFirst();
  const changed = Number(updated.numUpdatedRows) === 1;
  const result = await then(changed);
  const delta = (patch.is_published ?? row.is_published) - row.is_published;
  if (changed && delta !== 0) await applyRatingDelta(trx, row.shop_id, row.product_id, row.rating, delta as 1 | -1, now);
  return result;
}
