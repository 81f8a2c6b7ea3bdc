import type { Generated, Selectable } from 'kysely';

export const ROLES = ['viewer', 'moderator', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** A merchant account's role in one shop (one account may belong to several shops). */
export interface ShopMembershipsTable {
  id: Generated<number>;
  merchant_id: number;
  shop_id: number;
  role: Role;
  created_at: number;
  updated_at: number;
}

/** A console session: the cookie holds the token, the row only its SHA-256. */
export interface AdminSessionsTable {
  id: Generated<number>;
  token_hash: string;
  merchant_id: number;
  /** Echoed by the console in X-CSRF-Token on every unsafe request. */
  csrf_token: string;
  ip: string;
  user_agent: string;
  created_at: number;
  /** Idle expiry counts from here. */
  last_seen_at: number;
  /** Absolute expiry (epoch ms). */
  expires_at: number;
}

export interface AdminSetupTokensTable {
  id: Generated<number>;
  token_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface ReviewJobsTable {
  id: Generated<number>;
  shop_id: number;
  merchant_id: number | null;
  actor_email: string;
  action: string;
  /** JSON: the action's argument (hide reason, tag). */
  argument: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  changed: number;
  lease_until: number;
  /** Items up to this review id are done. */
  cursor_review_id: Generated<number>;
  /** Failed batches in a row; at MAX_JOB_ATTEMPTS the job is failed. */
  failed_attempts: Generated<number>;
  /** The last failed batch's error, for the merchant. */
  error: Generated<string | null>;
  created_at: number;
  finished_at: number | null;
}

export interface ReviewJobItemsTable {
  job_id: number;
  review_id: number;
}

export interface ModerationLedgerTable {
  id: Generated<number>;
  shop_id: number;
  /** 1, 2, 3… per shop. */
  seq: number;
  at: number;
  merchant_id: number | null;
  actor_email: string;
  action: string;
  subject: string;
  before_json: string;
  after_json: string;
  /** hash of the shop's previous entry ('' for the first). */
  prev_hash: string;
  /** SHA-256 hex of the entry's canonical text (ledger.service.ts). */
  hash: string;
}

export interface AdminShopSettingsTable {
  shop_id: number;
  transparency_page: Generated<number>;
  /** 0 = no low-rating alerts; else email owners about each new review with at most this many stars. */
  alert_max_rating: Generated<number>;
  /** The last review id the alert task has looked at. */
  alert_cursor: Generated<number>;
  updated_at: number;
}

/** A single-use emailed link: password reset or team invitation. */
export interface AdminTokensTable {
  id: Generated<number>;
  kind: 'password_reset' | 'invitation';
  token_hash: string;
  email: string;
  merchant_id: number | null;
  shop_id: number | null;
  role: Role | null;
  invited_by: Generated<string>;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AdminTotpTable {
  merchant_id: number;
  /** The base32 secret, sealed with the server key. */
  secret_sealed: string;
  /** 0 until the first code confirms the enrolment. */
  enabled: number;
  /** JSON array of SHA-256 hex of the unused recovery codes. */
  recovery_hashes: string;
  /** The last accepted time step: a code is good once. */
  last_step: Generated<number>;
  updated_at: number;
}

export type AdminSessionRow = Selectable<AdminSessionsTable>;
export type LedgerRow = Selectable<ModerationLedgerTable>;
export type ReviewJobRow = Selectable<ReviewJobsTable>;
