import type { Db } from '../db/database.ts';

/** A published product review of a known product: what its hosted single-review page shows. */
export const findPublishedProductReview = (db: Db, shopId: number, reviewId: number) =>
  db
    .selectFrom('reviews')
    .innerJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .select([
      'reviews.id',
      'reviews.product_id',
      'reviews.rating',
      'reviews.author',
      'reviews.title',
      'reviews.content',
      'reviews.commented_at',
      'reviews.is_verified',
      'reviews.is_incentivized',
      'reviews.media',
      'reviews.reply_content',
      'products.title as product_title',
      'products.handle as product_handle',
      'products.url as product_url',
      'products.image_url as product_image',
      'products.gtin',
      'products.mpn',
      'products.sku',
      'products.brand',
    ])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.id', '=', reviewId)
    .where('reviews.product_id', '!=', '0')
    .where('reviews.is_published', '=', 1)
    .executeTakeFirst();

export type SinglePageReview = NonNullable<Awaited<ReturnType<typeof findPublishedProductReview>>>;

/** Products with a hosted review page (a handle) and at least one published review, by handle. */
const productPages = (db: Db, shopId: number) =>
  db
    .selectFrom('products')
    .innerJoin('reviews', (join) => join.onRef('reviews.shop_id', '=', 'products.shop_id').onRef('reviews.product_id', '=', 'products.product_id'))
    .where('products.shop_id', '=', shopId)
    .where('products.handle', '!=', '')
    .where('reviews.is_published', '=', 1);

export async function countProductPages(db: Db, shopId: number): Promise<number> {
  const row = await productPages(db, shopId)
    .select((eb) => eb.fn.count<number>('products.handle').distinct().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export const listProductPages = (db: Db, shopId: number, offset: number, limit: number) =>
  productPages(db, shopId)
    .select(['products.handle', (eb) => eb.fn.max('reviews.updated_at').as('updated_at')])
    .groupBy('products.handle')
    .orderBy('products.handle')
    .limit(limit)
    .offset(offset)
    .execute();

/** Published product reviews of known products: each has a hosted single-review page. */
const reviewPages = (db: Db, shopId: number) =>
  db
    .selectFrom('reviews')
    .innerJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.product_id', '!=', '0')
    .where('reviews.is_published', '=', 1);

export async function countReviewPages(db: Db, shopId: number): Promise<number> {
  const row = await reviewPages(db, shopId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export const listReviewPages = (db: Db, shopId: number, offset: number, limit: number) =>
  reviewPages(db, shopId).select(['reviews.id', 'reviews.updated_at']).orderBy('reviews.id').limit(limit).offset(offset).execute();
