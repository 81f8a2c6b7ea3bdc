import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import { isAbsent } from '../http/schemas.ts';
import { findProductByHandle } from '../products/products.queries.ts';
import { ALL_PRODUCTS, ALL_REVIEWS, STORE, findRatingSummary } from './ratings.queries.ts';
import type { RatingSummaryRow } from './ratings.table.ts';
import type { GetRatingQuery, Rating } from './ratings.schemas.ts';

/** One indexed read of a maintained summary (spec endpoints.md §D5 precedence). */
export async function getRating(db: Db, shopId: number, query: GetRatingQuery): Promise<Rating> {
  const subject = await ratingSubject(db, shopId, query);
  const summary = subject === null ? undefined : await findRatingSummary(db, shopId, subject);
  return toRating(summary);
}

async function ratingSubject(db: Db, shopId: number, query: GetRatingQuery): Promise<string | null> {
  if (query.is_all_rating === 1) return ALL_REVIEWS;
  if (query.is_all_products_rating === 1) return ALL_PRODUCTS;
  if (query.is_store_rating === 1) return STORE;
  if (!isAbsent(query.product_id)) {
    if (!/^[0-9]{1,20}$/.test(query.product_id)) throw invalidArgument('product_id', 'must be a numeric product id');
    return query.product_id.replace(/^0+(?=\d)/, '');
  }
  if (!isAbsent(query.product_handle)) {
    const product = await findProductByHandle(db, shopId, query.product_handle);
    return product ? product.product_id : null;
  }
  throw invalidArgument('product_id', 'or product_handle, is_store_rating, is_all_products_rating or is_all_rating is required');
}

export function toRating(summary: RatingSummaryRow | undefined): Rating {
  const stars = summary ? [summary.star1, summary.star2, summary.star3, summary.star4, summary.star5].map(Number) : [0, 0, 0, 0, 0];
  const count = stars.reduce((a, b) => a + b, 0);
  const average = count === 0 ? 0 : Math.round((Number(summary!.rating_sum) * 10) / count) / 10;
  return {
    rating_value: String(average),
    review_count: count,
    star1_count: stars[0]!,
    star2_count: stars[1]!,
    star3_count: stars[2]!,
    star4_count: stars[3]!,
    star5_count: stars[4]!,
  };
}
