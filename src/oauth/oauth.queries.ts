import type { Db } from '../db/database.ts';
import type { CodeRow, GrantRow, TokenRow } from './oauth.table.ts';

export const findActiveGrant = (db: Db, platformId: number, shopId: number): Promise<GrantRow | undefined> =>
  db
    .selectFrom('oauth_grants')
    .selectAll()
    .where('platform_id', '=', platformId)
    .where('shop_id', '=', shopId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const findGrantById = (db: Db, grantId: number): Promise<GrantRow | undefined> =>
  db.selectFrom('oauth_grants').selectAll().where('id', '=', grantId).executeTakeFirst();

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
    return active.id;
  }
  const row = await db
    .insertInto('oauth_grants')
    .values({ platform_id: platformId, shop_id: shopId, scopes, authorized_at: now, revoked_at: null, revoke_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Marks the active grant revoked and every token of it; false when there was none. */
export async function revokeActiveGrant(db: Db, platformId: number, shopId: number, reason: string, now: number): Promise<boolean> {
  const active = await findActiveGrant(db, platformId, shopId);
  if (!active) return false;
  await db.updateTable('oauth_grants').set({ revoked_at: now, revoke_reason: reason }).where('id', '=', active.id).execute();
  await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('grant_id', '=', active.id).where('revoked_at', 'is', null).execute();
  return true;
}

export const findCodeByHash = (db: Db, codeHash: string): Promise<CodeRow | undefined> =>
  db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();

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

export const findTokenById = (db: Db, tokenId: number): Promise<TokenRow | undefined> =>
  db.selectFrom('oauth_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();

/** The one indexed read behind every bearer call. */
export const findBearerToken = (db: Db, accessHash: string) =>
  db
    .selectFrom('oauth_tokens as t')
    .innerJoin('oauth_grants as g', 'g.id', 't.grant_id')
    .innerJoin('shops as s', 's.id', 't.shop_id')
    .innerJoin('platforms as p', 'p.id', 't.platform_id')
    .select([
      't.shop_id', 't.platform_id', 't.scopes', 't.access_expires_at', 't.revoked_at', 't.rotated_at',
      'g.scopes as grant_scopes', 'g.revoked_at as grant_revoked_at', 's.domain', 'p.allowed_scopes', 'p.status',
    ])
    .where('t.access_hash', '=', accessHash)
    .executeTakeFirst();
