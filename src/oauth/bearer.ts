import type { Db } from '../db/database.ts';
import type { AuthContext, BearerVerifier } from '../http/auth.ts';
import { unauthenticated } from '../http/errors.ts';
import { sha256Hex } from './authorize.service.ts';
import { findBearerToken } from './oauth.queries.ts';
import { splitStoredScopes, withImplied } from './scopes.ts';

/** Effective scopes = token ∩ grant ∩ platform allowance, implications counted; memoised by the three strings. */
const scopeMemo = new Map<string, ReadonlySet<string>>();
function effectiveScopes(token: string, grant: string, allowed: string): ReadonlySet<string> {
  const key = `${token}|${grant}|${allowed}`;
  let result = scopeMemo.get(key);
  if (!result) {
    const inGrant = withImplied(splitStoredScopes(grant));
    const inAllowed = withImplied(splitStoredScopes(allowed));
    result = new Set([...withImplied(splitStoredScopes(token))].filter((s) => inGrant.has(s) && inAllowed.has(s)));
    if (scopeMemo.size >= 1000) scopeMemo.clear();
    scopeMemo.set(key, result);
  }
  return result;
}

/**
 * Resolves an access token to (platform, shop, scopes) with one indexed read, so a revocation,
 * a disconnection or a disabled platform takes effect on the very next request in every process.
 */
export async function resolveAccessToken(db: Db, now: number, token: string): Promise<AuthContext> {
  const row = token.length <= 200 ? await findBearerToken(db, sha256Hex(token)) : undefined;
  if (!row) throw unauthenticated('unknown bearer token');
  if (row.revoked_at !== null || row.grant_revoked_at !== null) throw unauthenticated('bearer token was revoked');
  if (row.rotated_at !== null) throw unauthenticated('bearer token was replaced by a refresh');
  if (row.access_expires_at <= now) throw unauthenticated('bearer token has expired');
  if (row.status !== 'active') throw unauthenticated('the platform of this bearer token is disabled');
  return {
    shopId: Number(row.shop_id),
    shopDomain: row.domain,
    scheme: 'bearer',
    scopes: effectiveScopes(row.scopes, row.grant_scopes, row.allowed_scopes),
    platformId: Number(row.platform_id),
  };
}

/** The app's bearer verifier (spec README §4.7). */
export const verifyOAuthBearer: BearerVerifier = (request, token) =>
  resolveAccessToken(request.server.db, request.server.clock.now(), token);
