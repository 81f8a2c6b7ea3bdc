import type { Insertable, Selectable } from 'kysely';

/**
 * Published-review counts, maintained in the same transaction as every review write.
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
  updated_at: number;
}

export type RatingSummaryRow = Selectable<RatingSummariesTable>;
export type NewRatingSummaryRow = Insertable<RatingSummariesTable>;
