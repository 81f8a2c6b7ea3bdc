/**
 * The one review an emailed link may create per (shop, order, product). The primary key is what
 * stops simultaneous form posts from creating several reviews; the row goes with its review.
 */
export interface EmailReviewClaimsTable {
  shop_id: number;
  /** orders.order_id (the shop's order number as text), as stored on the review. */
  order_id: string;
  product_id: string;
  review_id: number;
  created_at: number;
}
