import type { Db } from '../db/database.ts';
import { invalidArgument, permissionDenied } from '../http/errors.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { findShopByDomain, findShopById } from '../shops/shops.queries.ts';
import { sha256Hex } from './authorize.service.ts';
import { invalidClient } from './oauth.errors.ts';
import type { DisconnectReason, OAuthDeps } from './oauth.hooks.ts';
import { findActiveGrant, findFirstGrantTime, findTokenByEitherHash, revokeActiveGrant } from './oauth.queries.ts';
import { authenticateClient } from './platforms.service.ts';
import { formatScopes, splitStoredScopes } from './scopes.ts';

/**
 * Ends the platform's authorization for the shop (spec oauth2.md §4): the grant, every token
 * and pending code stop working, and the listeners (webhooks) run in the same transaction.
 * Idempotent: false when nothing was active.
 */
export async function revokeGrant(deps: OAuthDeps, platformId: number, shopId: number, reason: DisconnectReason): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeActiveGrant(trx, platformId, shopId, reason, now);
    if (revoked) for (const listener of deps.hooks.onPlatformDisconnected) await listener(trx, { platformId, shopId, at: now, reason });
    return revoked;
  });
}

/** RFC 7009 / spec §A4: an unknown or dead token is not an error; another client's token is. */
export async function revokeToken(deps: OAuthDeps, params: { client_id?: unknown; client_secret?: unknown; token?: unknown }): Promise<void> {
  const platform = await authenticateClient(deps, params.client_id, params.client_secret);
  if (typeof params.token !== 'string' || params.token === '') throw invalidArgument('token', 'is required');
  const row = await findTokenByEitherHash(deps.db, sha256Hex(params.token));
  if (!row) return;
  if (row.platform_id !== platform.id) throw invalidClient();
  await deps.db.updateTable('oauth_tokens').set({ revoked_at: deps.clock.now() }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
}

interface ShopParams {
  client_id?: unknown;
  client_secret?: unknown;
  shop_id?: unknown;
  myshopify_domain?: unknown;
}

/** The shop a platform asks about; `found` is null for an unknown shop (not an error: platforms poll). */
async function shopAskedAbout(db: Db, params: ShopParams) {
  const id = params.shop_id;
  const domain = typeof params.myshopify_domain === 'string' ? params.myshopify_domain.trim().toLowerCase() : '';
  if (id !== undefined && id !== '') {
    if (!/^[0-9]{1,15}$/.test(String(id))) throw invalidArgument('shop_id', 'must be a numeric id');
    const shop = await findShopById(db, Number(id));
    return { found: shop ?? null, shopId: String(id), domain: shop?.domain ?? domain };
  }
  if (domain === '') throw invalidArgument('shop_id', 'or myshopify_domain is required');
  const shop = await findShopByDomain(db, domain);
  return { found: shop ?? null, shopId: shop ? String(shop.id) : '', domain };
}

/** Spec §B1. */
export async function authorizationInfo(deps: OAuthDeps, params: ShopParams) {
  const platform = await authenticateClient(deps, params.client_id, params.client_secret);
  const { found, shopId, domain } = await shopAskedAbout(deps.db, params);
  const grant = found ? await findActiveGrant(deps.db, platform.id, found.id) : undefined;
  return {
    is_authorized: grant !== undefined,
    authorized_at: grant ? formatRfc3339(grant.authorized_at) : '',
    granted_scopes: grant ? formatScopes(splitStoredScopes(grant.scopes)) : '',
    shop_id: shopId,
    myshopify_domain: domain,
  };
}

/** Spec §B2: ever installed, whatever the grant's current state; needs the platform permission. */
export async function installStatus(deps: OAuthDeps, params: ShopParams) {
  const platform = await authenticateClient(deps, params.client_id, params.client_secret);
  if (platform.can_read_install_status !== 1) throw permissionDenied('this platform lacks the read_shop_install_status permission');
  const { found, shopId, domain } = await shopAskedAbout(deps.db, params);
  const first = found ? await findFirstGrantTime(deps.db, platform.id, found.id) : null;
  return {
    is_installed: first === null ? 0 : 1,
    installed_at: first === null ? '' : formatRfc3339(first),
    shop_id: shopId,
    myshopify_domain: domain,
  };
}

/** Spec §B3, by the platform with its client credentials. */
export async function cancelByPlatform(deps: OAuthDeps, params: ShopParams): Promise<void> {
  const platform = await authenticateClient(deps, params.client_id, params.client_secret);
  const { found } = await shopAskedAbout(deps.db, params);
  if (found) await revokeGrant(deps, platform.id, found.id, 'platform_disconnected');
}

/** The platforms a shop has authorised, for the merchant's settings page. */
export const activeGrantsOfShop = (db: Db, shopId: number) =>
  db
    .selectFrom('oauth_grants as g')
    .innerJoin('platforms as p', 'p.id', 'g.platform_id')
    .select(['g.platform_id', 'p.name', 'p.client_id', 'g.scopes', 'g.authorized_at'])
    .where('g.shop_id', '=', shopId)
    .where('g.revoked_at', 'is', null)
    .orderBy('g.authorized_at', 'desc')
    .execute();
