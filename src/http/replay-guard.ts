import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { SharedRedis } from '../lib/redis.ts';

/**
 * HMAC_REPLAY_PROTECTION: `writes` (default) refuses a POST whose signature was already seen on
 * any request (read or write, any endpoint) within the timestamp window, while reads stay
 * repeatable; `all` refuses every repeat; `off` remembers nothing.
 */
export type ReplayMode = 'writes' | 'all' | 'off';

/** How long a signature is remembered after its timestamp: the window it is accepted in. */
export const REPLAY_WINDOW_SECONDS = 15 * 60;

/** Remembers a key until `expiresAt`; true when it was new (or its earlier record had expired). */
export interface SignatureStore {
  remember(key: string, expiresAt: number, now: number): Promise<boolean>;
}

/**
 * The replay guard shared by every API process: in Redis when REDIS_URL is set (falling back to
 * the database while Redis is unreachable), otherwise in the database.
 */
export class ReplayGuard {
  constructor(
    readonly mode: Exclude<ReplayMode, 'off'>,
    private readonly store: SignatureStore,
  ) {}

  /** Records the signature; false when this request must be refused as a replay. */
  async admit(publicToken: string, signature: string, timestamp: number, nowSeconds: number, isWrite: boolean): Promise<boolean> {
    const key = createHash('sha256').update(`${publicToken}\n${signature}`).digest('base64url');
    const fresh = await this.store.remember(key, Math.max(timestamp, nowSeconds) + REPLAY_WINDOW_SECONDS, nowSeconds);
    return fresh || (this.mode === 'writes' && !isWrite);
  }
}

export function createReplayGuard(mode: ReplayMode, db: Db, redis: SharedRedis | null): ReplayGuard | null {
  if (mode === 'off') return null;
  const database = new DatabaseSignatureStore(db);
  return new ReplayGuard(mode, redis ? new RedisSignatureStore(redis, database) : database);
}

/** One statement on both databases: insert, or take over a row whose window has ended. */
export class DatabaseSignatureStore implements SignatureStore {
  constructor(private readonly db: Db) {}

  async remember(key: string, expiresAt: number, now: number): Promise<boolean> {
    const row = await this.db
      .insertInto('hmac_signatures')
      .values({ signature_key: key, expires_at: expiresAt })
      .onConflict((oc) => oc.column('signature_key').doUpdateSet({ expires_at: expiresAt }).where('hmac_signatures.expires_at', '<', now))
      .returning('signature_key')
      .executeTakeFirst();
    return row !== undefined;
  }
}

export class RedisSignatureStore implements SignatureStore {
  constructor(
    private readonly redis: SharedRedis,
    private readonly fallback: SignatureStore,
  ) {}

  async remember(key: string, expiresAt: number, now: number): Promise<boolean> {
    try {
      const client = await this.redis.client();
      if (client) {
        const ttl = Math.max(1, expiresAt - now);
        return (await client.set(`${this.redis.keyPrefix}sig:${key}`, '1', 'EX', ttl, 'NX')) === 'OK';
      }
    } catch (error) {
      this.redis.warn('replay guard uses the database: Redis is unreachable', error);
      return this.fallback.remember(key, expiresAt, now);
    }
    this.redis.warn('replay guard uses the database: Redis is unreachable');
    return this.fallback.remember(key, expiresAt, now);
  }
}

/** Deletes remembered signatures whose window has ended (a worker task). */
export async function purgeExpiredSignatures(db: Db, nowSeconds: number): Promise<number> {
  const result = await db.deleteFrom('hmac_signatures').where('expires_at', '<', nowSeconds).executeTakeFirst();
  return Number(result.numDeletedRows);
}
