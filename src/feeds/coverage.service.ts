import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Google shows product review stars only for shops with at least this many reviews (google-feed.md). */
export const GOOGLE_MIN_REVIEWS = 50;
const LISTED_PRODUCTS = 20;

export interface FeedCoverage {
  reviews_in_feed: number;
  /** Reviews left out of the feed, by reason (all of them are counted, published or not). */
  excluded: {
    store_reviews: number;
    unpublished: number;
    product_unknown: number;
    product_without_url: number;
    without_text: number;
  };
  products_with_reviews: number;
  /** Products in the feed Google cannot match by GTIN, SKU or brand + MPN (only by URL). */
  products_without_identifier: number;
  products_without_identifier_share: number;
  /** Share of the feed's reviews that belong to those products. */
  reviews_without_identifier_share: number;
  /** The products without identifier that have the most reviews (up to 20). */
  top_products_without_identifier: { product_id: string; title: string; reviews: number }[];
  google_min_reviews: number;
  eligible: boolean;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

/**
 * What the shop's Google feed contains and what it misses. Reads every review of the shop once
 * (a report, not a hot path); the console can call it as it is.
 */
export async function feedCoverage(db: Db, shopId: number): Promise<FeedCoverage> {
  const hasText = sql`trim(r.content) <> ''`;
  const hasUrl = sql`(p.url <> '' or p.handle <> '')`;
  const counts = await sql<Record<string, string | number | null>>`
    select
      sum(case when r.product_id = '0' then 1 else 0 end) as store_reviews,
      sum(case when r.product_id <> '0' and r.is_published = 0 then 1 else 0 end) as unpublished,
      sum(case when r.product_id <> '0' and r.is_published = 1 and p.product_id is null then 1 else 0 end) as product_unknown,
      sum(case when r.product_id <> '0' and r.is_published = 1 and p.product_id is not null and not ${hasUrl} then 1 else 0 end) as product_without_url,
      sum(case when r.product_id <> '0' and r.is_published = 1 and p.product_id is not null and ${hasUrl} and not ${hasText} then 1 else 0 end) as without_text,
      sum(case when r.product_id <> '0' and r.is_published = 1 and p.product_id is not null and ${hasUrl} and ${hasText} then 1 else 0 end) as in_feed
    from reviews r left join products p on p.shop_id = r.shop_id and p.product_id = r.product_id
    where r.shop_id = ${shopId}`.execute(db);
  const row = counts.rows[0] ?? {};
  const n = (key: string) => Number(row[key] ?? 0);

  const identified = sql`(p.gtin <> '' or p.sku <> '' or (p.brand <> '' and p.mpn <> ''))`;
  const products = await sql<{ product_id: string; title: string; identified: number | string; reviews: number | string }>`
    select p.product_id, p.title, case when ${identified} then 1 else 0 end as identified, count(*) as reviews
    from reviews r join products p on p.shop_id = r.shop_id and p.product_id = r.product_id
    where r.shop_id = ${shopId} and r.product_id <> '0' and r.is_published = 1 and ${hasUrl} and ${hasText}
    group by p.product_id, p.title, p.gtin, p.sku, p.brand, p.mpn`.execute(db);
  const unidentified = products.rows.filter((p) => Number(p.identified) === 0).map((p) => ({ product_id: p.product_id, title: p.title, reviews: Number(p.reviews) }));
  unidentified.sort((a, b) => b.reviews - a.reviews || a.product_id.localeCompare(b.product_id));
  const inFeed = n('in_feed');
  const unidentifiedReviews = unidentified.reduce((sum, p) => sum + p.reviews, 0);
  return {
    reviews_in_feed: inFeed,
    excluded: {
      store_reviews: n('store_reviews'),
      unpublished: n('unpublished'),
      product_unknown: n('product_unknown'),
      product_without_url: n('product_without_url'),
      without_text: n('without_text'),
    },
    products_with_reviews: products.rows.length,
    products_without_identifier: unidentified.length,
    products_without_identifier_share: share(unidentified.length, products.rows.length),
    reviews_without_identifier_share: share(unidentifiedReviews, inFeed),
    top_products_without_identifier: unidentified.slice(0, LISTED_PRODUCTS),
    google_min_reviews: GOOGLE_MIN_REVIEWS,
    eligible: inFeed >= GOOGLE_MIN_REVIEWS,
  };
}
