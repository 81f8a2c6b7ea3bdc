import type { Selectable } from 'kysely';

export interface StorefrontSettingsTable {
  shop_id: number;
  /** Reviews submitted from the storefront with at least this many stars are published at once; 6 holds every review. */
  min_publish_rating: number;
  updated_at: number;
}

export interface ReviewVotesTable {
  shop_id: number;
  review_id: number;
  /** Keyed hash of (review, visitor address, user agent). */
  voter: string;
  created_at: number;
}

export type StorefrontSettingsRow = Selectable<StorefrontSettingsTable>;

/** Storefront submissions per (shop, email) in the current window, counted inside each review's transaction. */
export interface StorefrontEmailLimitsTable {
  shop_id: number;
  /** SHA-256 (hex) of the lower-cased email. */
  email_hash: string;
  /** Epoch ms the window began (the first submission after the last window ended). */
  window_start: number;
  count: number;
}
