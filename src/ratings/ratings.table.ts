import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Published-review counts (and `review_total`, every review published or not), maintained in the same transaction as every review write.
 * `subject` is a product id, `'0'` for store reviews, or one of the shop-wide keys
 * in ratings.queries.ts (`*products`, `*all`).
 */
export interface RatingSummariesTable {
  shop_id: number;
  subject: string;
  /**
   * Writers add to the shard of their connection (ratings.queries.ts) so that concurrent writers
   * of one shop do not queue on one row; a subject's counts are the sum of its shards (rating_totals).
   */
  shard: Generated<number>;
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

/** The view rating_totals: one row per subject, its shards summed (`updated_at`: the latest of any shard). Read this, never rating_summaries. */
export type RatingTotalsView = Omit<Selectable<RatingSummariesTable>, 'shard'>;

export type RatingSummaryRow = Selectable<RatingTotalsView>;
export type NewRatingSummaryRow = Insertable<RatingSummariesTable>;
