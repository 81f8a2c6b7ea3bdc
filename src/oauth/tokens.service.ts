import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { safeEqual } from '../lib/crypto.ts';
import { findShopByDomain, findShopById } from '../shops/shops.queries.ts';
import { newOpaqueToken, sha256Hex } from './authorize.service.ts';
import { OAuthError } from './oauth.errors.ts';
import type { OAuthDeps } from './oauth.hooks.ts';
import type { PlatformRow, TokenRow } from './oauth.table.ts';
import { findCodeByHash, findGrantById, findTokenById, findTokenByRefreshHash, markCodeUsed, revokeActiveGrant, revokeTokensOfCode, upsertActiveGrant, findActiveGrant } from './oauth.queries.ts';
import { authenticateClient } from './platforms.service.ts';
import { formatScopes, isCoveredBy, parseScopes, splitStoredScopes } from './scopes.ts';

export const ACCESS_TTL_S = 86_400;
export const REFRESH_TTL_S = 30 * 86_400;
/** A retry with the just-rotated refresh token gets the same new pair (a lost response). */
export const ROTATION_RETRY_MS = 60_000;

/** The token request, whichever presentation it came through (JSON body or form). */
export interface TokenParams {
  grant_type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  code?: unknown;
  redirect_uri?: unknown;
  code_verifier?: unknown;
  refresh_token?: unknown;
  scope?: unknown;
  shop_id?: unknown;
  myshopify_domain?: unknown;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope: string;
  shop_id: string;
  myshopify_domain: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export async function exchangeToken(deps: OAuthDeps, params: TokenParams): Promise<IssuedTokens> {
  const grantType = text(params.grant_type);
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    throw new OAuthError('unsupported_grant_type', `grant_type "${grantType.slice(0, 40)}" is not supported`);
  }
  const platform = await authenticateClient(deps, params.client_id, params.client_secret);
  if (grantType === 'authorization_code') return fromCode(deps, platform, params);
  if (grantType === 'refresh_token') return fromRefreshToken(deps, platform, params);
  return fromClientCredentials(deps, platform, params);
}

type Outcome = { tokens: IssuedTokens } | { error: OAuthError };
/** Writes that must survive a refusal (burning a code, revoking a chain) commit before the error is thrown. */
const settle = (outcome: Outcome): IssuedTokens => {
  if ('error' in outcome) throw outcome.error;
  return outcome.tokens;
};
const invalidGrant = (why: string): Outcome => ({ error: new OAuthError('invalid_grant', why) });

async function fromCode(deps: OAuthDeps, platform: PlatformRow, params: TokenParams): Promise<IssuedTokens> {
  const code = text(params.code);
  const redirectUri = text(params.redirect_uri);
  if (!code) throw new OAuthError('invalid_request', 'code is required');
  if (!redirectUri) throw new OAuthError('invalid_request', 'redirect_uri is required');
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
    const row = await findCodeByHash(trx, sha256Hex(code));
    if (!row || row.platform_id !== platform.id) return invalidGrant('unknown authorization code');
    if (!(await markCodeUsed(trx, row.id, now))) {
      await revokeTokensOfCode(trx, row.id, now);
      return invalidGrant('authorization code was already used; the tokens issued from it are revoked');
    }
    if (row.expires_at <= now) return invalidGrant('authorization code has expired');
    if (row.redirect_uri !== redirectUri) return invalidGrant('redirect_uri does not match the authorization request');
    if (row.code_challenge !== '' && !pkceMatches(params.code_verifier, row.code_challenge)) {
      return invalidGrant('code_verifier does not match the code_challenge');
    }
    // RFC 9700 §2.1.1: a verifier sent for a code issued without a challenge is a PKCE downgrade.
    if (row.code_challenge === '' && params.code_verifier !== undefined) {
      return invalidGrant('code_verifier was sent but the authorization request had no code_challenge');
    }
    const grant = await findGrantById(trx, row.grant_id);
    if (!grant || grant.revoked_at !== null) return invalidGrant('the authorization was revoked');
    return { tokens: await mintPair(deps, trx, { grantId: grant.id, platformId: platform.id, shopId: row.shop_id, codeId: row.id, scopes: row.scopes, withRefresh: true }) };
  });
  return settle(outcome);
}

function pkceMatches(verifier: unknown, challenge: string): boolean {
  if (typeof verifier !== 'string' || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

async function fromRefreshToken(deps: OAuthDeps, platform: PlatformRow, params: TokenParams): Promise<IssuedTokens> {
  const refreshToken = text(params.refresh_token);
  if (!refreshToken) throw new OAuthError('invalid_request', 'refresh_token is required');
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
    const row = await findTokenByRefreshHash(trx, sha256Hex(refreshToken));
    if (!row || row.platform_id !== platform.id) return invalidGrant('unknown refresh token');
    if (row.revoked_at !== null) return invalidGrant('refresh token was revoked');
    if (row.rotated_at !== null) {
      const retried = await sameSuccessor(deps, trx, row, now);
      if (retried) return { tokens: retried };
      await revokeActiveGrant(trx, row.platform_id, row.shop_id, 'refresh_token_reuse', now);
      for (const listener of deps.hooks.onPlatformDisconnected) {
        await listener(trx, { platformId: row.platform_id, shopId: row.shop_id, at: now, reason: 'refresh_token_reuse' });
      }
      return invalidGrant('refresh token was already used; the whole authorization is revoked');
    }
    if ((row.refresh_expires_at ?? 0) <= now) return invalidGrant('refresh token has expired');
    let scopes = row.scopes;
    if (text(params.scope) !== undefined) {
      const wanted = parseScopesOr(params.scope);
      if (!wanted || !isCoveredBy(wanted, splitStoredScopes(row.scopes))) return { error: new OAuthError('invalid_scope', 'scope may only narrow the granted scopes') };
      scopes = formatScopes(wanted);
    }
    const rotated = await trx.updateTable('oauth_tokens').set({ rotated_at: now }).where('id', '=', row.id).where('rotated_at', 'is', null).executeTakeFirst();
    if (Number(rotated.numUpdatedRows) !== 1) return invalidGrant('refresh token was already used');
    const tokens = await mintPair(deps, trx, { grantId: row.grant_id, platformId: row.platform_id, shopId: row.shop_id, codeId: row.code_id, scopes, withRefresh: true });
    await trx
      .updateTable('oauth_tokens')
      .set({ successor_sealed: deps.secrets.seal(JSON.stringify(tokens)) })
      .where('id', '=', row.id)
      .execute();
    return { tokens };
  });
  return settle(outcome);
}

/** Within the retry window, the pair the rotation produced (if it is still valid). */
async function sameSuccessor(deps: OAuthDeps, trx: Db, row: TokenRow, now: number): Promise<IssuedTokens | null> {
  if (row.rotated_at === null || now - row.rotated_at > ROTATION_RETRY_MS || !row.successor_sealed) return null;
  const tokens = JSON.parse(deps.secrets.open(row.successor_sealed)) as IssuedTokens;
  const successor = await trx.selectFrom('oauth_tokens').select(['id']).where('access_hash', '=', sha256Hex(tokens.access_token)).executeTakeFirst();
  const current = successor ? await findTokenById(trx, successor.id) : undefined;
  if (!current || current.revoked_at !== null || current.rotated_at !== null) return null;
  return { ...tokens, expires_in: Math.max(0, Math.floor((current.access_expires_at - now) / 1000)) };
}

function parseScopesOr(value: unknown): string[] | null {
  try {
    const scopes = parseScopes(typeof value === 'string' ? value : '');
    return scopes.length > 0 ? scopes : null;
  } catch {
    return null;
  }
}

async function fromClientCredentials(deps: OAuthDeps, platform: PlatformRow, params: TokenParams): Promise<IssuedTokens> {
  if (platform.skip_shop_oauth !== 1) throw new OAuthError('unauthorized_client', 'this client may not use client_credentials');
  const shop = await shopFromParams(deps.db, params);
  const allowed = splitStoredScopes(platform.allowed_scopes);
  let scopes = allowed;
  if (text(params.scope) !== undefined) {
    const wanted = parseScopesOr(params.scope);
    if (!wanted || !isCoveredBy(wanted, allowed)) throw new OAuthError('invalid_scope', 'scope asks for more than this client may request');
    scopes = wanted;
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findActiveGrant(trx, platform.id, shop.id);
    const grantId = await upsertActiveGrant(trx, platform.id, shop.id, platform.allowed_scopes, existing ? existing.authorized_at : now);
    if (!existing) for (const listener of deps.hooks.onPlatformAuthorized) await listener(trx, { platformId: platform.id, shopId: shop.id, at: now, scopes: platform.allowed_scopes });
    return mintPair(deps, trx, { grantId, platformId: platform.id, shopId: shop.id, codeId: 0, scopes: formatScopes(scopes), withRefresh: false });
  });
}

/** `shop_id` or `myshopify_domain` (spec endpoints.md §A3, §B). */
export async function shopFromParams(db: Db, params: { shop_id?: unknown; myshopify_domain?: unknown }) {
  const id = params.shop_id;
  const domain = text(params.myshopify_domain);
  if (typeof id === 'number' || (typeof id === 'string' && id !== '')) {
    if (!/^[0-9]{1,15}$/.test(String(id))) throw new OAuthError('invalid_request', 'shop_id must be a numeric id');
    const shop = await findShopById(db, Number(id));
    if (!shop) throw new OAuthError('invalid_request', 'unknown shop');
    return shop;
  }
  if (!domain) throw new OAuthError('invalid_request', 'shop_id or myshopify_domain is required');
  const shop = await findShopByDomain(db, domain.trim().toLowerCase());
  if (!shop) throw new OAuthError('invalid_request', 'unknown shop');
  return shop;
}

interface MintInput {
  grantId: number;
  platformId: number;
  shopId: number;
  codeId: number;
  scopes: string;
  withRefresh: boolean;
}

async function mintPair(deps: OAuthDeps, trx: Db, input: MintInput): Promise<IssuedTokens> {
  const now = deps.clock.now();
  const shop = await findShopById(trx, input.shopId);
  if (!shop) throw new OAuthError('invalid_grant', 'the shop no longer exists');
  const access = newOpaqueToken();
  const refresh = input.withRefresh ? newOpaqueToken() : null;
  await trx
    .insertInto('oauth_tokens')
    .values({
      grant_id: input.grantId,
      platform_id: input.platformId,
      shop_id: input.shopId,
      code_id: input.codeId,
      shop_domain: shop.domain,
      platform_disabled: 0,
      access_hash: sha256Hex(access),
      refresh_hash: refresh ? sha256Hex(refresh) : null,
      scopes: input.scopes,
      access_expires_at: now + ACCESS_TTL_S * 1000,
      refresh_expires_at: refresh ? now + REFRESH_TTL_S * 1000 : null,
      revoked_at: null,
      rotated_at: null,
      successor_sealed: null,
      created_at: now,
    })
    .execute();
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_in: ACCESS_TTL_S,
    ...(refresh ? { refresh_token: refresh, refresh_token_expires_in: REFRESH_TTL_S } : {}),
    scope: input.scopes,
    shop_id: String(input.shopId),
    myshopify_domain: shop.domain,
  };
}
