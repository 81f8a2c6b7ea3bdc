import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { AuthContext } from '../http/auth.ts';
import type { Clock } from '../lib/clock.ts';
import { adminActorOf } from './admin.auth.ts';
import { appendLedger } from './ledger.service.ts';

/** What a recorded change returns: the ledger's before and after, and the route's result. */
export interface Change<T> {
  before: unknown;
  after: unknown;
  result: T;
}

/** A settings change and its ledger entry in one transaction. */
export async function recordedChange<T>(deps: { db: Db; clock: Clock }, request: FastifyRequest, action: string, subject: string, change: (trx: Db) => Promise<Change<T>>): Promise<T> {
  const { shopId, actor } = adminActorOf(request);
  return deps.db.transaction().execute(async (trx) => {
    const { before, after, result } = await change(trx);
    await appendLedger(trx, deps.clock, { shopId, actor, action, subject, before, after });
    return result;
  });
}

/** The shop as the partner API's services see a signed request from it (they take the shop domain). */
export async function shopAuthOf(db: Db, shopId: number): Promise<AuthContext> {
  const shop = await db.selectFrom('shops').select('domain').where('id', '=', shopId).executeTakeFirstOrThrow();
  return { shopId, shopDomain: shop.domain, scheme: 'hmac', scopes: null, platformId: 0 };
}

/** An optional boolean as the 0/1 flag the tables store (absent stays absent). */
export const flagOf = (value: boolean | undefined) => (value === undefined ? undefined : value ? (1 as const) : (0 as const));

/** The patch without its absent fields, so they keep their stored value. */
export const definedOnly = <T extends object>(patch: T) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
