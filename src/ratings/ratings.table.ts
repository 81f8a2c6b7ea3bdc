import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Published-review counts (and `review_total`, every review published or not), maintained in the same transaction as every review write.
 * `subject` is a product id, `'0'` for store reviews, or one of the shop-wide keys
 * in ratings.queries.ts (`*products`, `*all`).
 */
export interface RatingSummariesTable {
  shop_id: number;
  subject: string;
  star1: number;
  star2: number;
  star3: number;
  star4: number;
  star5: number;
  rating_sum: number;
  /** Every review of the subject, published or not (get_reviews' count). */
  review_total: Generated<number>;
  updated_at: number;
}

export type RatingSummaryRow = Selectable<RatingSummariesTable>;
export type NewRatingSummaryRow = Insertable<RatingSummariesTable>;
