import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { ALL_REVIEWS } from '../ratings/ratings.queries.ts';
import { compiledByShape } from '../db/compiled.ts';
import { dialectOf } from '../db/dialect.ts';

/** What one <review> of the feed needs: the review and its product. */
export interface FeedReviewRow {
  id: number;
  product_id: string;
  order_id: string;
  rating: number;
  author: string;
  title: string;
  content: string;
  commented_at: number;
  source: string;
  is_verified: number;
  is_incentivized: number;
  media: string;
  product_title: string;
  product_handle: string;
  product_url: string;
  gtin: string;
  mpn: string;
  sku: string;
  brand: string;
}

/** Where the next page starts: after this (commented_at, id). */
export interface FeedCursor {
  commentedAt: number;
  id: number;
}

/**
 * The feed's reviews, published product reviews of a known product, in (commented_at, id) order
 * after `after`: keyset pagination over the (shop_id, commented_at, id) index. Compiled once and,
 * on SQLite, read synchronously (db/compiled.ts): the query builder would cost as much as the read.
 */
const feedReviewPageQuery = compiledByShape<{ shape: { paged: boolean }; shopId: number; commentedAt: number; id: number; limit: number }, FeedReviewRow>(
  (db, { shape, shopId, commentedAt, id, limit }) => {
    let query = db
      .selectFrom('reviews')
      .innerJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
      .select([
        'reviews.id',
        'reviews.product_id',
        'reviews.order_id',
        'reviews.rating',
        'reviews.author',
        'reviews.title',
        'reviews.content',
        'reviews.commented_at',
        'reviews.source',
        'reviews.is_verified',
        'reviews.is_incentivized',
        'reviews.media',
        'products.title as product_title',
        'products.handle as product_handle',
        'products.url as product_url',
        'products.gtin',
        'products.mpn',
        'products.sku',
        'products.brand',
      ])
      .where('reviews.shop_id', '=', shopId)
      .where('reviews.product_id', '!=', '0')
      .where('reviews.is_published', '=', 1);
    if (shape.paged) query = query.where(sql<boolean>`(${sql.ref('reviews.commented_at')}, ${sql.ref('reviews.id')}) > (${commentedAt}, ${id})`);
    return query.orderBy('reviews.commented_at').orderBy('reviews.id').limit(limit);
  },
);

export const feedReviewPage = (db: Db, shopId: number, after: FeedCursor | null, limit: number): Promise<FeedReviewRow[]> =>
  feedReviewPageQuery(db, { shape: { paged: after !== null }, shopId, commentedAt: after?.commentedAt ?? 0, id: after?.id ?? 0, limit });

/** The inputs of the feed's validators, each one indexed read (no scan of the reviews). */
export interface FeedStamp {
  lastReviewChange: number;
  lastProductChange: number;
  summaryChange: number;
  reviewTotal: number;
  published: number;
}

export async function readFeedStamp(db: Db, shopId: number): Promise<FeedStamp> {
  const [review, product, summary] = await Promise.all([
    db
      .selectFrom('reviews')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst(),
    db
      .selectFrom('products')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .where('shop_id', '=', shopId)
      .executeTakeFirst(),
    db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).where('subject', '=', ALL_REVIEWS).executeTakeFirst(),
  ]);
  return {
    lastReviewChange: Number(review?.at ?? 0),
    lastProductChange: Number(product?.at ?? 0),
    summaryChange: Number(summary?.updated_at ?? 0),
    reviewTotal: Number(summary?.review_total ?? 0),
    published: summary ? [summary.star1, summary.star2, summary.star3, summary.star4, summary.star5].reduce((a, b) => a + Number(b), 0) : 0,
  };
}

export const findFeedByTokenHash = (db: Db, tokenHash: string) =>
  db
    .selectFrom('shop_feeds')
    .innerJoin('shops', 'shops.id', 'shop_feeds.shop_id')
    .select(['shops.id', 'shops.domain', 'shops.name', 'shop_feeds.created_at'])
    .where('shop_feeds.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const findFeedOfShop = (db: Db, shopId: number) => db.selectFrom('shop_feeds').selectAll().where('shop_id', '=', shopId).executeTakeFirst();

export const replaceFeedToken = (db: Db, row: { shop_id: number; token_hash: string; token_sealed: string; created_at: number }) =>
  db
    .insertInto('shop_feeds')
    .values(row)
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ token_hash: row.token_hash, token_sealed: row.token_sealed, created_at: row.created_at }))
    .execute();

/** A review's place in the feed and an upper bound of its <review> element's bytes before the fixed part (feed.service.ts). */
export interface FeedSizeRow {
  commented_at: number;
  id: number;
  variable_bytes: number | string;
}

/**
 * Upper bound of the bytes a text column takes once XML-escaped: its UTF-8 bytes plus 5 for each
 * character escaping lengthens (& < > " ', at most 6 bytes for 1). Removing characters only shrinks it.
 */
const octets = (db: Db, column: string) => (dialectOf(db) === 'postgres' ? sql`octet_length(${sql.ref(column)})` : sql`length(cast(${sql.ref(column)} as blob))`);

function escapedBytes(db: Db, column: string) {
  const ref = sql.ref(column);
  const bytes = octets(db, column);
  const chars = (expression: unknown) => (dialectOf(db) === 'postgres' ? sql`char_length(${expression})` : sql`length(${expression})`);
  let stripped = sql`${ref}`;
  for (const special of ['&', '<', '>', '"', "'"]) stripped = sql`replace(${stripped}, ${special}, '')`;
  return sql<number>`(${bytes} + 5 * (${chars(ref)} - ${chars(stripped)}))`;
}

const ESCAPED_COLUMNS = ['reviews.author', 'reviews.title', 'reviews.content', 'reviews.order_id', 'products.title', 'products.url', 'products.gtin', 'products.mpn', 'products.sku', 'products.brand'];

/**
 * The feed's reviews in feed order with the variable part of their size bound, computed by the
 * database (the sizing pass reads three numbers per review and renders nothing).
 */
export function feedSizePage(db: Db, shopId: number, after: FeedCursor | null, limit: number): Promise<FeedSizeRow[]> {
  const parts = [...ESCAPED_COLUMNS.map((column) => escapedBytes(db, column)), sql`length(${sql.ref('products.handle')})`, sql`6 * ${octets(db, 'reviews.media')}`];
  let query = db
    .selectFrom('reviews')
    .innerJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .select(['reviews.commented_at', 'reviews.id', sql<number>`${sql.join(parts, sql` + `)}`.as('variable_bytes')])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.product_id', '!=', '0')
    .where('reviews.is_published', '=', 1);
  if (after) query = query.where(sql<boolean>`(${sql.ref('reviews.commented_at')}, ${sql.ref('reviews.id')}) > (${after.commentedAt}, ${after.id})`);
  return query.orderBy('reviews.commented_at').orderBy('reviews.id').limit(limit).execute();
}
