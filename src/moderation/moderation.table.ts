import type { Selectable } from 'kysely';

/** Per-shop rules for shoppers' reviews; a shop without a row uses DEFAULT_MODERATION_RULES. */
export interface ModerationRulesTable {
  shop_id: number;
  /** 1 = hold reviews containing a link, an email address or a phone number. */
  hold_links: number;
  /** JSON array of words (lower case) that hold a review. */
  blocked_words: string;
  /** 1 = hold a review from an address that already reviewed the product. */
  hold_repeat_reviewers: number;
  /** 1 = only verified buyers' reviews are published at once. */
  verified_only: number;
  /** Days after which a held review no person rejected is published; 0 = never. */
  release_after_days: number;
  updated_at: number;
}

/** A review a rule held, and when the worker published it (null = still held or decided by a person). */
export interface ReviewHoldsTable {
  review_id: number;
  shop_id: number;
  /** JSON array of HoldReason. */
  reasons: string;
  held_at: number;
  released_at: number | null;
}

export type ModerationRulesRow = Selectable<ModerationRulesTable>;
