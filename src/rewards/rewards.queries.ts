import type { Db } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import type { RewardGrantRow } from './rewards.table.ts';

/** Unused codes of a shop's pool. */
export const freeCodeCount = async (db: Db, shopId: number): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('reward_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('shop_id', '=', shopId)
        .where('grant_id', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Adds codes; ones already in the pool (used or not) are skipped. Returns how many were new. */
export async function insertCodes(db: Db, shopId: number, codes: string[], now: number): Promise<number> {
  let added = 0;
  for (let start = 0; start < codes.length; start += 500) {
    const chunk = codes.slice(start, start + 500).map((code) => ({ shop_id: shopId, code, grant_id: null, created_at: now, assigned_at: null }));
    const inserted = await db
      .insertInto('reward_codes')
      .values(chunk)
      .onConflict((oc) => oc.columns(['shop_id', 'code']).doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return added;
}

/**
 * The oldest free codes, locked for this transaction on PostgreSQL (concurrent workers skip each
 * other's; SQLite has one writer), so one code is never given twice.
 */
export const lockFreeCodes = (trx: Db, shopId: number, limit: number) =>
  trx
    .selectFrom('reward_codes')
    .select(['id', 'code'])
    .where('shop_id', '=', shopId)
    .where('grant_id', 'is', null)
    .orderBy('id')
    .limit(limit)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate().skipLocked())
    .execute();

export const assignCode = async (trx: Db, codeId: number, grantId: number, now: number): Promise<boolean> =>
  Number((await trx.updateTable('reward_codes').set({ grant_id: grantId, assigned_at: now }).where('id', '=', codeId).where('grant_id', 'is', null).executeTakeFirst()).numUpdatedRows) === 1;

export const setGrantCode = (trx: Db, grantId: number, code: string, now: number) =>
  trx.updateTable('reward_grants').set({ code, updated_at: now }).where('id', '=', grantId).where('code', 'is', null).execute();

/** Pending rewards of a shop still waiting for a code, oldest first (locked on PostgreSQL). */
export const lockCodelessGrants = (trx: Db, shopId: number, limit: number) =>
  trx
    .selectFrom('reward_grants')
    .select(['id'])
    .where('shop_id', '=', shopId)
    .where('state', '=', 'pending')
    .where('code', 'is', null)
    .orderBy('id')
    .limit(limit)
    .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate().skipLocked())
    .execute();

/** Shops with rewards waiting for a code. */
export const shopsWithCodelessGrants = async (db: Db): Promise<number[]> =>
  (await db.selectFrom('reward_grants').select('shop_id').distinct().where('state', '=', 'pending').where('code', 'is', null).execute()).map((r) => Number(r.shop_id));

/** Claims due rewards that have their code, with a lease (a crashed worker's lease runs out and another sends them). */
export async function claimDueGrants(db: Db, now: number, limit: number, leaseMs: number): Promise<RewardGrantRow[]> {
  const due = db
    .selectFrom('reward_grants')
    .select('id')
    .where('state', '=', 'pending')
    .where('code', 'is not', null)
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('run_at')
    .limit(limit);
  return db
    .updateTable('reward_grants')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', 'in', dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
}

export const finishGrant = (db: Db, id: number, state: 'sent' | 'failed', now: number, error = '') =>
  db
    .updateTable('reward_grants')
    .set({ state, lease_until: null, updated_at: now, ...(state === 'sent' ? { sent_at: now } : {}), ...(error ? { last_error: error } : {}) })
    .where('id', '=', id)
    .execute();

export const retryGrant = (db: Db, id: number, runAt: number, now: number, error: string) =>
  db.updateTable('reward_grants').set({ run_at: runAt, lease_until: null, last_error: error, updated_at: now }).where('id', '=', id).execute();

/** Shops whose enabled pool reward has not warned its owners yet. */
export const unwarnedPoolShops = (db: Db) =>
  db
    .selectFrom('reward_settings')
    .innerJoin('shops', 'shops.id', 'reward_settings.shop_id')
    .select(['shops.id', 'shops.name', 'shops.domain', 'reward_settings.low_pool_threshold'])
    .where('reward_settings.enabled', '=', 1)
    .where('reward_settings.code_source', '=', 'pool')
    .where('reward_settings.low_pool_warned', '=', 0)
    .execute();

export const setLowPoolWarned = (db: Db, shopId: number, warned: 0 | 1) => db.updateTable('reward_settings').set({ low_pool_warned: warned }).where('shop_id', '=', shopId).execute();

/** The addresses of a shop's owners (Admin API memberships with the owner role). */
export const ownerEmails = async (db: Db, shopId: number): Promise<string[]> =>
  (
    await db
      .selectFrom('shop_memberships')
      .innerJoin('merchants', 'merchants.id', 'shop_memberships.merchant_id')
      .select('merchants.email')
      .where('shop_memberships.shop_id', '=', shopId)
      .where('shop_memberships.role', '=', 'owner')
      .orderBy('merchants.email')
      .execute()
  ).map((r) => r.email);

/** A forgotten shopper: their address leaves the rewards, and a reward not yet mailed is not mailed (privacy forget). */
export async function forgetRewardRecipient(trx: Db, shopId: number, email: string, now: number): Promise<void> {
  await trx
    .updateTable('reward_grants')
    .set({ state: 'failed', last_error: 'recipient forgotten', lease_until: null, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('email', '=', email)
    .where('state', 'in', ['pending', 'waiting_media'])
    .execute();
  await trx.updateTable('reward_grants').set({ email: '', updated_at: now }).where('shop_id', '=', shopId).where('email', '=', email).execute();
}
