import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { ALL_REVIEWS } from '../ratings/ratings.queries.ts';

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
 * after `after`: keyset pagination over the (shop_id, commented_at, id) index.
 */
export function feedReviewPage(db: Db, shopId: number, after: FeedCursor | null, limit: number): Promise<FeedReviewRow[]> {
  let query = db
    .selectFrom('reviews')
    .innerJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .select([
      'reviews.id', 'reviews.product_id', 'reviews.order_id', 'reviews.rating', 'reviews.author', 'reviews.title', 'reviews.content',
      'reviews.commented_at', 'reviews.source', 'reviews.is_verified', 'reviews.media',
      'products.title as product_title', 'products.handle as product_handle', 'products.url as product_url',
      'products.gtin', 'products.mpn', 'products.sku', 'products.brand',
    ])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.product_id', '!=', '0')
    .where('reviews.is_published', '=', 1);
  if (after) query = query.where(sql<boolean>`(${sql.ref('reviews.commented_at')}, ${sql.ref('reviews.id')}) > (${after.commentedAt}, ${after.id})`);
  return query.orderBy('reviews.commented_at').orderBy('reviews.id').limit(limit).execute() as Promise<FeedReviewRow[]>;
}

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
    db.selectFrom('reviews').select((eb) => eb.fn.max('updated_at').as('at')).where('shop_id', '=', shopId).executeTakeFirst(),
    db.selectFrom('products').select((eb) => eb.fn.max('updated_at').as('at')).where('shop_id', '=', shopId).executeTakeFirst(),
    db.selectFrom('rating_summaries').selectAll().where('shop_id', '=', shopId).where('subject', '=', ALL_REVIEWS).executeTakeFirst(),
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

export const findFeedOfShop = (db: Db, shopId: number) =>
  db.selectFrom('shop_feeds').selectAll().where('shop_id', '=', shopId).executeTakeFirst();

export const replaceFeedToken = (db: Db, row: { shop_id: number; token_hash: string; token_sealed: string; created_at: number }) =>
  db
    .insertInto('shop_feeds')
    .values(row)
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ token_hash: row.token_hash, token_sealed: row.token_sealed, created_at: row.created_at }))
    .execute();
