import type { Generated, Insertable, Selectable } from 'kysely';

/** A partner platform (OAuth client), registered by the operator (spec oauth2.md §1 PROPOSAL). */
export interface PlatformsTable {
  id: Generated<number>;
  client_id: string;
  name: string;
  /** Sealed with the server key: it is also the HMAC key of the platform's webhook deliveries. */
  client_secret_sealed: string;
  /** The secret before the last rotation, accepted until `previous_secret_expires_at`. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  /** JSON array of exact-match redirect URIs. */
  redirect_uris: string;
  /** Comma-separated, sorted. */
  allowed_scopes: string;
  webhook_url: string;
  /** 1 = may use the client_credentials grant. */
  skip_shop_oauth: number;
  /** 1 = the read_shop_install_status permission. */
  can_read_install_status: number;
  status: 'active' | 'disabled';
  created_at: number;
  updated_at: number;
}

/** One authorization episode of a platform for a shop; at most one is active (revoked_at null). */
export interface OAuthGrantsTable {
  id: Generated<number>;
  platform_id: number;
  shop_id: number;
  scopes: string;
  authorized_at: number;
  revoked_at: number | null;
  revoke_reason: string | null;
}

export interface OAuthCodesTable {
  id: Generated<number>;
  code_hash: string;
  grant_id: number;
  platform_id: number;
  shop_id: number;
  redirect_uri: string;
  scopes: string;
  /** PKCE S256 challenge, '' when none was sent. */
  code_challenge: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

/** An access token and its refresh token (a pair); only SHA-256 hashes are stored. */
export interface OAuthTokensTable {
  id: Generated<number>;
  grant_id: number;
  platform_id: number;
  shop_id: number;
  /** The authorization code the chain started from (0 for client_credentials). */
  code_id: number;
  /** Copied from the shop (domains never change), so a bearer call reads this row only. */
  shop_domain: string;
  /** 1 while the platform is disabled (kept in step by setPlatformStatus). */
  platform_disabled: number;
  access_hash: string;
  refresh_hash: string | null;
  /** Effective scopes: narrowed when the merchant re-authorises with fewer. */
  scopes: string;
  access_expires_at: number;
  refresh_expires_at: number | null;
  revoked_at: number | null;
  /** Set when the refresh token was exchanged for a new pair. */
  rotated_at: number | null;
  /** The new pair, sealed, kept for the 60-second retry window after rotation. */
  successor_sealed: string | null;
  created_at: number;
}

export type PlatformRow = Selectable<PlatformsTable>;
export type NewPlatformRow = Insertable<PlatformsTable>;
export type GrantRow = Selectable<OAuthGrantsTable>;
export type CodeRow = Selectable<OAuthCodesTable>;
export type TokenRow = Selectable<OAuthTokensTable>;
