import type { Generated, Selectable } from 'kysely';

/** A shop's reward offer (migration 1522); no row = no reward. */
export interface RewardSettingsTable {
  shop_id: number;
  enabled: number;
  /** 1: only reviews with a photo or video are rewarded. */
  requires_media: number;
  code_source: 'static' | 'pool';
  /** The code every rewarded reviewer gets when `code_source` is 'static'. */
  static_code: string;
  /** What the reward is, in the shop's words (e.g. "10% off your next order"); plain text. */
  offer_text: string;
  /** The owners are warned once when the unused pool codes fall to this number. */
  low_pool_threshold: number;
  /** 1 once the owners were warned; codes added reset it. */
  low_pool_warned: number;
  updated_at: number;
}

export interface RewardCodesTable {
  id: Generated<number>;
  shop_id: number;
  code: string;
  /** reward_grants.id of the reward it was given as; null = still free. */
  grant_id: number | null;
  created_at: number;
  assigned_at: number | null;
}

export type RewardGrantState = 'waiting_media' | 'pending' | 'sent' | 'failed';

export interface RewardGrantsTable {
  id: Generated<number>;
  shop_id: number;
  review_id: number;
  email: string;
  state: RewardGrantState;
  code: string | null;
  run_at: number;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export type RewardSettingsRow = Selectable<RewardSettingsTable>;
export type RewardGrantRow = Selectable<RewardGrantsTable>;
