import type { Generated, Insertable, Selectable } from 'kysely';

export interface ReviewsTable {
  id: Generated<number>;
  shop_id: number;
  /** The store's product id as a decimal string; `'0'` for a store review. */
  product_id: string;
  order_id: string;
  rating: number;
  author: string;
  author_email: string;
  author_phone: string;
  author_country: string;
  title: string;
  content: string;
  /** Epoch milliseconds (UTC). */
  commented_at: number;
  item_type: string;
  source: string;
  tag: string;
  is_verified: number;
  is_featured: number;
  is_published: number;
  is_top: number;
  /** JSON array of ReviewMedia. */
  media: string;
  reply_content: string | null;
  reply_at: number | null;
  /** Why an unpublished review is hidden (HIDE_REASONS; 'spam' = spam); null = pending or published. */
  hide_reason: string | null;
  /** 1 when the reviewer was offered or given a reward for this review (disclosed wherever it is shown). */
  is_incentivized: Generated<number>;
  /** JSON array of `{ rating, until }`: the ratings the author replaced by editing, oldest first. */
  rating_history: Generated<string>;
  created_at: number;
  updated_at: number;
}

export type ReviewRow = Selectable<ReviewsTable>;
export type NewReviewRow = Insertable<ReviewsTable>;
