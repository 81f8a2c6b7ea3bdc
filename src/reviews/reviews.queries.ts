import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { escapeLike, likeOperator, type DialectName } from '../db/dialect.ts';
import { ALL_PRODUCTS, ALL_REVIEWS, STORE, countFromSummaries } from '../ratings/ratings.queries.ts';
import type { NewReviewRow, ReviewRow } from './reviews.table.ts';

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

/** Reviews with their product's title and handle, always scoped to one shop. */
const reviewsOfShop = (db: Db, shopId: number) =>
  db
    .selectFrom('reviews')
    .leftJoin('products', (join) =>
      join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'),
    )
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.shop_id', '=', shopId);

export const findReview = (db: Db, shopId: number, reviewId: number): Promise<ReviewWithProduct | undefined> =>
  reviewsOfShop(db, shopId).where('reviews.id', '=', reviewId).executeTakeFirst();

export async function insertReviewRow(db: Db, row: NewReviewRow): Promise<number> {
  const inserted = await db.insertInto('reviews').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const deleteReviewRow = (db: Db, shopId: number, reviewId: number) =>
  db.deleteFrom('reviews').where('shop_id', '=', shopId).where('id', '=', reviewId).executeTakeFirst();

export const updateReviewPublished = (db: Db, shopId: number, reviewId: number, isPublished: 0 | 1, now: number) =>
  db
    .updateTable('reviews')
    .set({ is_published: isPublished, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', reviewId)
    .where('is_published', '!=', isPublished)
    .executeTakeFirst();

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

export async function listReviews(
  db: Db,
  dialect: DialectName,
  shopId: number,
  filter: ReviewFilter,
  page: { offset: number; limit: number; ascending: boolean },
): Promise<{ rows: ReviewWithProduct[]; count: number }> {
  const direction = page.ascending ? 'asc' : 'desc';
  const rows = await reviewsOfShop(db, shopId)
    .where((eb) => matchesFilter(eb, filter, dialect))
    .orderBy('reviews.commented_at', direction)
    .orderBy('reviews.id', direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  // A short first page already tells the count; so do the maintained summaries for common filters.
  if (page.offset === 0 && rows.length < page.limit) return { rows, count: rows.length };
  const subjects = summarySubjects(filter);
  const summarised = subjects && (await countFromSummaries(db, shopId, subjects, filter));
  if (typeof summarised === 'number') return { rows, count: summarised };
  const counted = await db
    .selectFrom('reviews')
    .where('reviews.shop_id', '=', shopId)
    .where((eb) => matchesFilter(eb, filter, dialect))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { rows, count: Number(counted.count) };
}

/** The rating_summaries subjects whose totals answer this filter's count, or null when rows must be counted. */
function summarySubjects(filter: ReviewFilter): string[] | null {
  if (filter.keyword || filter.sources.length > 0) return null;
  if (filter.productIds.length > 0) return filter.productIds;
  if (filter.storeOnly === true) return [STORE];
  if (filter.storeOnly === false) return [ALL_PRODUCTS];
  return [ALL_REVIEWS];
}
