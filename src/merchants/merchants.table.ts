import type { Generated, Selectable } from 'kysely';

/** A person who signs in to act for a shop (consent, own tokens). */
export interface MerchantsTable {
  id: Generated<number>;
  shop_id: number;
  /** Lower-cased; unique. */
  email: string;
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  password_hash: string;
  /** Consecutive failed sign-ins; at MAX_FAILED_SIGN_INS the account locks for LOCK_MS. */
  failed_sign_ins: Generated<number>;
  /** Epoch ms; sign-in refused before it. */
  locked_until: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface MerchantSessionsTable {
  id: Generated<number>;
  /** SHA-256 of the session token (the cookie value). */
  token_hash: string;
  merchant_id: number;
  shop_id: number;
  /** Random token the session's forms must echo. */
  csrf_token: string;
  expires_at: number;
  created_at: number;
}

export type MerchantRow = Selectable<MerchantsTable>;
export type MerchantSessionRow = Selectable<MerchantSessionsTable>;
