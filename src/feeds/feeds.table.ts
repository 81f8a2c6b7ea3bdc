import type { Selectable } from 'kysely';

/** One secret feed token per shop (migration 1301). */
export interface ShopFeedsTable {
  shop_id: number;
  /** SHA-256 hex of the token in the feed URL: how a request finds its shop. */
  token_hash: string;
  /** The token sealed with the server key, so the URL can be shown again. */
  token_sealed: string;
  created_at: number;
}

export type ShopFeedRow = Selectable<ShopFeedsTable>;
