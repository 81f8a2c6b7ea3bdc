import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretBox } from '../lib/crypto.ts';

export type DisconnectReason = 'platform_disconnected' | 'merchant_cancelled' | 'refresh_token_reuse';

export interface PlatformGrantEvent {
  platformId: number;
  shopId: number;
  at: number;
  /** Set on disconnection. */
  reason?: DisconnectReason;
  /** Set on authorization: comma-separated scopes. */
  scopes?: string;
}

/** Runs inside the transaction that changes the grant (so a listener's rows commit with it). */
export type GrantListener = (trx: Db, event: PlatformGrantEvent) => Promise<void>;

/**
 * Where other features react to grants: webhooks deletes the platform's subscriptions of the
 * shop on disconnection and sends the System Webhooks (app/authorized, app/deauthorized).
 */
export interface OAuthHooks {
  onPlatformAuthorized: GrantListener[];
  onPlatformDisconnected: GrantListener[];
}

declare module '../cli/command.ts' {
  interface CliContext {
    oauthHooks: OAuthHooks;
  }
}

export const noOAuthHooks = (): OAuthHooks => ({ onPlatformAuthorized: [], onPlatformDisconnected: [] });

export interface OAuthDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  hooks: OAuthHooks;
}

/** The services' dependencies, taken from the app's decorations. */
export const oauthDeps = (app: { db: Db; clock: Clock; secrets: SecretBox; oauthHooks: OAuthHooks }): OAuthDeps => ({
  db: app.db,
  clock: app.clock,
  secrets: app.secrets,
  hooks: app.oauthHooks,
});
