import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { redirectUrisOf } from './platforms.service.ts';
import { findPlatformByClientId } from './platforms.queries.ts';
import type { PlatformRow } from './oauth.table.ts';
import { OAuthError } from './oauth.errors.ts';
import type { OAuthDeps } from './oauth.hooks.ts';
import { upsertActiveGrant } from './oauth.queries.ts';
import { formatScopes, isCoveredBy, parseScopes, splitStoredScopes } from './scopes.ts';

export const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_STATE_LENGTH = 512;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
/** Codes and tokens: base64 of 16 random bytes (spec oauth2.md §2). */
export const newOpaqueToken = (): string => randomBytes(16).toString('base64');

/** The authorization request's parameters as they arrive (query string or form). */
export interface AuthorizeParams {
  client_id?: unknown;
  redirect_uri?: unknown;
  scope?: unknown;
  state?: unknown;
  response_type?: unknown;
  code_challenge?: unknown;
  code_challenge_method?: unknown;
  shop_id?: unknown;
  myshopify_domain?: unknown;
}

export interface AuthorizeRequest {
  platform: PlatformRow;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  /** Optional shop pre-selection passed through from the authorize URL. */
  shopHint: { shopId?: string; domain?: string };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Validates an authorization request (spec endpoints.md §A1/§A2, RFC 6749 §4.1.1, RFC 7636).
 * Client and redirect URI problems are not redirectable; the rest are reported to the redirect URI.
 */
export async function checkAuthorizeRequest(db: Db, params: AuthorizeParams): Promise<AuthorizeRequest> {
  const clientId = text(params.client_id);
  if (!clientId) throw new OAuthError('invalid_request', 'client_id is required', false);
  const platform = await findPlatformByClientId(db, clientId);
  if (!platform || platform.status !== 'active') throw new OAuthError('invalid_request', 'unknown client_id', false);
  const redirectUri = text(params.redirect_uri);
  if (!redirectUri) throw new OAuthError('invalid_request', 'redirect_uri is required', false);
  if (!redirectUrisOf(platform).includes(redirectUri)) {
    throw new OAuthError('invalid_request', 'redirect_uri is not registered for this client', false);
  }
  const responseType = text(params.response_type) ?? 'code';
  if (responseType !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be code');
  const state = text(params.state) ?? '';
  if (state.length > MAX_STATE_LENGTH) throw new OAuthError('invalid_request', `state is longer than ${MAX_STATE_LENGTH} characters`);
  let scopes: string[];
  try {
    scopes = parseScopes(text(params.scope));
  } catch {
    throw new OAuthError('invalid_scope', 'scope has an unknown scope name');
  }
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'scope is required');
  if (!isCoveredBy(scopes, splitStoredScopes(platform.allowed_scopes))) {
    throw new OAuthError('invalid_scope', 'scope asks for more than this client may request');
  }
  const codeChallenge = text(params.code_challenge) ?? '';
  if (codeChallenge !== '') {
    if (text(params.code_challenge_method) !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
    if (!PKCE_CHALLENGE.test(codeChallenge)) throw new OAuthError('invalid_request', 'code_challenge must be 43 base64url characters');
  }
  const shopId = typeof params.shop_id === 'number' ? String(params.shop_id) : text(params.shop_id);
  const domain = text(params.myshopify_domain);
  return {
    platform,
    redirectUri,
    scopes,
    state,
    codeChallenge,
    shopHint: { ...(shopId ? { shopId } : {}), ...(domain ? { domain } : {}) },
  };
}

/** The merchant approved: record the grant (replacing its scopes) and issue a single-use code. */
export async function approveAuthorization(deps: OAuthDeps, request: AuthorizeRequest, shopId: number): Promise<string> {
  const shop = await findShopById(deps.db, shopId);
  if (!shop) throw new OAuthError('access_denied', 'the signed-in shop no longer exists', false);
  const { shopId: hintId, domain: hintDomain } = request.shopHint;
  if ((hintId && hintId !== String(shop.id)) || (hintDomain && hintDomain.toLowerCase() !== shop.domain)) {
    throw new OAuthError('access_denied', 'the link was made for another shop than the one signed in', false);
  }
  const code = newOpaqueToken();
  const now = deps.clock.now();
  const scopes = formatScopes(request.scopes);
  await deps.db.transaction().execute(async (trx) => {
    const grantId = await upsertActiveGrant(trx, request.platform.id, shopId, scopes, now);
    await trx
      .insertInto('oauth_codes')
      .values({
        code_hash: sha256Hex(code),
        grant_id: grantId,
        platform_id: request.platform.id,
        shop_id: shopId,
        redirect_uri: request.redirectUri,
        scopes,
        code_challenge: request.codeChallenge,
        expires_at: now + CODE_TTL_MS,
        used_at: null,
        created_at: now,
      })
      .execute();
    for (const listener of deps.hooks.onPlatformAuthorized) await listener(trx, { platformId: request.platform.id, shopId, at: now, scopes });
  });
  return code;
}

/** `redirect_uri` plus response parameters, keeping any query the registered URI has. */
export function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') url.searchParams.append(key, value);
  return url.toString();
}
