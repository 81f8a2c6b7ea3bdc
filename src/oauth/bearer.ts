import type { Db } from '../db/database.ts';
import type { AuthContext, BearerVerifier } from '../http/auth.ts';
import { unauthenticated } from '../http/errors.ts';
import { sha256Hex } from './authorize.service.ts';
import { findBearerToken } from './oauth.queries.ts';
import { splitStoredScopes, withImplied } from './scopes.ts';

/** Parsed scope sets (implications added), memoised by the stored string. */
const scopeMemo = new Map<string, ReadonlySet<string>>();
function scopeSet(stored: string): ReadonlySet<string> {
  let result = scopeMemo.get(stored);
  if (!result) {
    result = withImplied(splitStoredScopes(stored));
    if (scopeMemo.size >= 1000) scopeMemo.clear();
    scopeMemo.set(stored, result);
  }
  return result;
}

/**
 * Resolves an access token to (platform, shop, scopes) with one indexed read of one row, so a
 * revocation, a disconnection or a disabled platform takes effect on the very next request in
 * every process (no cache to invalidate).
 */
export async function resolveAccessToken(db: Db, now: number, token: string): Promise<AuthContext> {
  const row = token.length <= 200 ? await findBearerToken(db, sha256Hex(token)) : undefined;
  if (!row) throw unauthenticated('unknown bearer token');
  if (row.revoked_at !== null) throw unauthenticated('bearer token was revoked');
  if (row.rotated_at !== null) throw unauthenticated('bearer token was replaced by a refresh');
  if (row.access_expires_at <= now) throw unauthenticated('bearer token has expired');
  if (row.platform_disabled !== 0) throw unauthenticated('the platform of this bearer token is disabled');
  return {
    shopId: Number(row.shop_id),
    shopDomain: row.shop_domain,
    scheme: 'bearer',
    scopes: scopeSet(row.scopes),
    platformId: Number(row.platform_id),
  };
}

/** The app's bearer verifier (spec README §4.7). */
export const verifyOAuthBearer: BearerVerifier = (request, token) => resolveAccessToken(request.server.db, request.server.clock.now(), token);
