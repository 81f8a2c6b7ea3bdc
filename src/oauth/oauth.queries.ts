import type { Db } from '../db/database.ts';
import type { CodeRow, GrantRow, TokenRow } from './oauth.table.ts';
import { formatScopes, splitStoredScopes, withImplied } from './scopes.ts';

export const findActiveGrant = (db: Db, platformId: number, shopId: number): Promise<GrantRow | undefined> =>
  db.selectFrom('oauth_grants').selectAll().where('platform_id', '=', platformId).where('shop_id', '=', shopId).where('revoked_at', 'is', null).executeTakeFirst();

export const findGrantById = (db: Db, grantId: number): Promise<GrantRow | undefined> => db.selectFrom('oauth_grants').selectAll().where('id', '=', grantId).executeTakeFirst();

/** The first time the platform was ever authorised for the shop (install time). */
export const findFirstGrantTime = async (db: Db, platformId: number, shopId: number): Promise<number | null> => {
  const row = await db
    .selectFrom('oauth_grants')
    .select((eb) => eb.fn.min('authorized_at').as('first'))
    .where('platform_id', '=', platformId)
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? null : Number(row.first);
};

/** Replaces the active grant's scopes, or starts a new grant. */
export async function upsertActiveGrant(db: Db, platformId: number, shopId: number, scopes: string, now: number): Promise<number> {
  const active = await findActiveGrant(db, platformId, shopId);
  if (active) {
    await db.updateTable('oauth_grants').set({ scopes, authorized_at: now }).where('id', '=', active.id).execute();
    await narrowTokensOfGrant(db, active.id, scopes);
    return active.id;
  }
  // Two approvals at once: the loser's insert hits the active-grant index and updates the winner's row.
  const row = await db
    .insertInto('oauth_grants')
    .values({ platform_id: platformId, shop_id: shopId, scopes, authorized_at: now, revoked_at: null, revoke_reason: null })
    .onConflict((oc) => oc.columns(['platform_id', 'shop_id']).where('revoked_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return Number(row.id);
  const winner = await findActiveGrant(db, platformId, shopId);
  if (!winner) throw new Error('active grant vanished during authorization');
  await db.updateTable('oauth_grants').set({ scopes, authorized_at: now }).where('id', '=', winner.id).execute();
  return winner.id;
}

/** Marks the active grant revoked and every token of it; false when there was none. */
export async function revokeActiveGrant(db: Db, platformId: number, shopId: number, reason: string, now: number): Promise<boolean> {
  const active = await findActiveGrant(db, platformId, shopId);
  if (!active) return false;
  await db.updateTable('oauth_grants').set({ revoked_at: now, revoke_reason: reason }).where('id', '=', active.id).execute();
  await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('grant_id', '=', active.id).where('revoked_at', 'is', null).execute();
  return true;
}

export const findCodeByHash = (db: Db, codeHash: string): Promise<CodeRow | undefined> => db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();

/** Single use: true only for the caller that flipped `used_at`. */
export async function markCodeUsed(db: Db, codeId: number, now: number): Promise<boolean> {
  const result = await db.updateTable('oauth_codes').set({ used_at: now }).where('id', '=', codeId).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const revokeTokensOfCode = (db: Db, codeId: number, now: number) =>
  db.updateTable('oauth_tokens').set({ revoked_at: now }).where('code_id', '=', codeId).where('revoked_at', 'is', null).execute();

export const findTokenByRefreshHash = (db: Db, refreshHash: string): Promise<TokenRow | undefined> =>
  db.selectFrom('oauth_tokens').selectAll().where('refresh_hash', '=', refreshHash).executeTakeFirst();

export const findTokenByEitherHash = (db: Db, hash: string): Promise<TokenRow | undefined> =>
  db
    .selectFrom('oauth_tokens')
    .selectAll()
    .where((eb) => eb.or([eb('access_hash', '=', hash), eb('refresh_hash', '=', hash)]))
    .executeTakeFirst();

export const findTokenById = (db: Db, tokenId: number): Promise<TokenRow | undefined> => db.selectFrom('oauth_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();

/** The one indexed read behind every bearer call: one row of one table. */
export const findBearerToken = (db: Db, accessHash: string) =>
  db
    .selectFrom('oauth_tokens')
    .select(['shop_id', 'platform_id', 'shop_domain', 'scopes', 'access_expires_at', 'revoked_at', 'rotated_at', 'platform_disabled'])
    .where('access_hash', '=', accessHash)
    .executeTakeFirst();

/** Re-authorising with fewer scopes narrows the live tokens of the grant too. */
export async function narrowTokensOfGrant(db: Db, grantId: number, grantScopes: string): Promise<void> {
  const live = await db.selectFrom('oauth_tokens').select(['id', 'scopes']).where('grant_id', '=', grantId).where('revoked_at', 'is', null).execute();
  const allowed = withImplied(splitStoredScopes(grantScopes));
  for (const token of live) {
    const narrowed = formatScopes([...withImplied(splitStoredScopes(token.scopes))].filter((s) => allowed.has(s)));
    if (narrowed !== token.scopes) await db.updateTable('oauth_tokens').set({ scopes: narrowed }).where('id', '=', token.id).execute();
  }
}

export const setTokensPlatformDisabled = (db: Db, platformId: number, disabled: boolean) =>
  db
    .updateTable('oauth_tokens')
    .set({ platform_disabled: disabled ? 1 : 0 })
    .where('platform_id', '=', platformId)
    .execute();
