import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import type { StorefrontSort } from './storefront.schemas.ts';

export interface PublicReviewFilter {
  /** undefined: every review of the shop. */
  productId?: string;
  star?: number;
  minStar?: number;
  withMedia: boolean;
}

// Media is stored as normalised JSON (reviews.input.ts), so a published item always contains this text.
const PUBLISHED_MEDIA = '%"is_published":1%';

export type PublicReviewRow = Awaited<ReturnType<typeof listPublishedReviews>>['rows'][number];

export const findShopBy = (db: Db, column: 'domain' | 'id' | 'public_token', value: string | number): Promise<ShopRow | undefined> =>
  db.selectFrom('shops').selectAll().where(column, '=', value).executeTakeFirst();

function published(eb: ExpressionBuilder<Database, 'reviews'>, shopId: number, filter: PublicReviewFilter) {
  const conditions = [eb('reviews.shop_id', '=', shopId), eb('reviews.is_published', '=', 1)];
  if (filter.productId !== undefined) conditions.push(eb('reviews.product_id', '=', filter.productId));
  if (filter.star !== undefined) conditions.push(eb('reviews.rating', '=', filter.star));
  if (filter.minStar !== undefined) conditions.push(eb('reviews.rating', '>=', filter.minStar));
  if (filter.withMedia) conditions.push(eb('reviews.media', 'like', PUBLISHED_MEDIA));
  return eb.and(conditions);
}

const hasMedia = sql<number>`case when ${sql.ref('reviews.media')} like ${PUBLISHED_MEDIA} then 1 else 0 end`;

/** A page of a shop's published reviews with their product, in one of the storefront orders. */
export async function listPublishedReviews(db: Db, shopId: number, filter: PublicReviewFilter, sort: StorefrontSort, page: { offset: number; limit: number }) {
  let query = db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .where((eb) => published(eb, shopId, filter))
    .select([
      'reviews.id',
      'reviews.product_id',
      'reviews.rating',
      'reviews.author',
      'reviews.title',
      'reviews.content',
      'reviews.commented_at',
      'reviews.reply_content',
      'reviews.is_verified',
      'reviews.is_incentivized',
      'reviews.media',
      'products.title as product_title',
      'products.handle as product_handle',
      'products.url as product_url',
      'products.image_url as product_image',
    ]);
  if (sort === 'helpful-descending') {
    const votes = db
      .selectFrom('review_votes')
      .where('review_votes.shop_id', '=', shopId)
      .groupBy('review_votes.review_id')
      .select(['review_votes.review_id', (eb) => eb.fn.countAll<number>().as('votes')])
      .as('v');
    query = query.leftJoin(votes, 'v.review_id', 'reviews.id').orderBy(sql`coalesce(${sql.ref('v.votes')}, 0)`, 'desc');
  }
  if (sort === 'rating-descending') query = query.orderBy('reviews.rating', 'desc');
  if (sort === 'rating-ascending') query = query.orderBy('reviews.rating', 'asc');
  if (sort === 'comprehensive-descending') query = query.orderBy('reviews.is_top', 'desc');
  if (sort === 'comprehensive-descending' || sort === 'media-first') query = query.orderBy(hasMedia, 'desc');
  const rows = await query.orderBy('reviews.commented_at', 'desc').orderBy('reviews.id', 'desc').limit(page.limit).offset(page.offset).execute();
  if (page.offset === 0 && rows.length < page.limit) return { rows, count: rows.length };
  const counted = await db
    .selectFrom('reviews')
    .where((eb) => published(eb, shopId, filter))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { rows, count: Number(counted.count) };
}

/** Helpful votes of the given reviews (reviews without votes are absent). */
export async function helpfulCounts(db: Db, shopId: number, reviewIds: number[]): Promise<Map<number, number>> {
  if (reviewIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('review_votes')
    .where('shop_id', '=', shopId)
    .where('review_id', 'in', reviewIds)
    .groupBy('review_id')
    .select(['review_id', (eb) => eb.fn.countAll<number>().as('votes')])
    .execute();
  return new Map(rows.map((r) => [Number(r.review_id), Number(r.votes)]));
}

export const ratingSummaries = (db: Db, shopId: number, subjects: string[]) =>
  subjects.length === 0 ? Promise.resolve([]) : db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).where('subject', 'in', subjects).execute();

export const productsByHandles = (db: Db, shopId: number, handles: string[]) =>
  db.selectFrom('products').select(['product_id', 'handle']).where('shop_id', '=', shopId).where('handle', 'in', handles).execute();

export const productsByIds = (db: Db, shopId: number, ids: string[]) =>
  db.selectFrom('products').select(['product_id', 'handle']).where('shop_id', '=', shopId).where('product_id', 'in', ids).execute();

export const firstProducts = (db: Db, shopId: number, limit: number) => db.selectFrom('products').select(['handle', 'title']).where('shop_id', '=', shopId).orderBy('id').limit(limit).execute();

export const findSettings = (db: Db, shopId: number) => db.selectFrom('storefront_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();

export const upsertSettings = (db: Db, shopId: number, minPublishRating: number, now: number) =>
  db
    .insertInto('storefront_settings')
    .values({ shop_id: shopId, min_publish_rating: minPublishRating, updated_at: now })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ min_publish_rating: minPublishRating, updated_at: now }))
    .execute();

export async function countRecentReviewsByEmail(db: Db, shopId: number, email: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('reviews')
    .where('shop_id', '=', shopId)
    .where('author_email', '=', email)
    .where('created_at', '>=', since)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export const findPublishedReviewId = (db: Db, shopId: number, reviewId: number) =>
  db.selectFrom('reviews').select('id').where('shop_id', '=', shopId).where('id', '=', reviewId).where('is_published', '=', 1).executeTakeFirst();

/** Inserts the vote unless this voter already voted; true when it was counted. */
export async function insertVote(db: Db, row: { shop_id: number; review_id: number; voter: string; created_at: number }): Promise<boolean> {
  const result = await db
    .insertInto('review_votes')
    .values(row)
    .onConflict((oc) => oc.columns(['review_id', 'voter']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Counts one more submission for (shop, email) and returns the count in the current window,
 * in one statement: concurrent submitters queue on the row, so each sees the others' counts.
 * A window older than `windowMs` starts again at 1.
 */
export async function countSubmissionByEmail(db: Db, shopId: number, emailHash: string, now: number, windowMs: number): Promise<number> {
  const expired = sql<boolean>`storefront_email_limits.window_start <= ${now - windowMs}`;
  const row = await db
    .insertInto('storefront_email_limits')
    .values({ shop_id: shopId, email_hash: emailHash, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'email_hash']).doUpdateSet({
        count: sql`case when ${expired} then 1 else storefront_email_limits.count + 1 end`,
        window_start: sql`case when ${expired} then ${now} else storefront_email_limits.window_start end`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
