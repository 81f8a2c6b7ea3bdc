import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { compiledByShape } from '../db/compiled.ts';
import type { SharedRedis } from '../lib/redis.ts';
import { EARLIER_KEYS_MARKER } from './replay.table.ts';

/**
 * HMAC_REPLAY_PROTECTION: `writes` (default) refuses a POST whose signature was already seen on
 * any request (read or write, any endpoint) within the timestamp window, while reads stay
 * repeatable; `all` refuses every repeat; `off` remembers nothing.
 */
export type ReplayMode = 'writes' | 'all' | 'off';

/** How long a signature is remembered after its timestamp: the window it is accepted in. */
export const REPLAY_WINDOW_SECONDS = 15 * 60;

/** Remembers a signature until `expiresAt`; true when it was new (or its earlier record had expired). */
export interface SignatureStore {
  /** Takes the signature's text (signatureText), hashed into its key(s) by the store. */
  remember(signatureText: string, expiresAt: number, now: number): Promise<boolean>;
  /**
   * Records a signature without waiting for the answer (a read in `writes` mode is never refused).
   * Takes the signature's text, hashed into its key when the batch is written (once per distinct text).
   */
  rememberSoon?(signatureText: string, expiresAt: number, now: number): void;
  /** Writes what rememberSoon holds. */
  flush?(): Promise<void>;
}

/** How long reads' signatures wait to be written together (one commit instead of one per read). */
const READ_BATCH_MS = 50;

/**
 * The replay guard shared by every API process: in Redis when REDIS_URL is set (falling back to
 * the database while Redis is unreachable), otherwise in the database.
 */
export class ReplayGuard {
  constructor(
    readonly mode: Exclude<ReplayMode, 'off'>,
    private readonly store: SignatureStore,
  ) {}

  /** Writes the signatures of reads still waiting in this process's batch. */
  async flush(): Promise<void> {
    await this.store.flush?.();
  }

  /**
   * Records the signature; false when this request must be refused as a replay. A read in
   * `writes` mode is answered at once (true, not a promise): it is never refused.
   */
  admit(publicToken: string, signature: string, timestamp: number, nowSeconds: number, isWrite: boolean): true | Promise<boolean> {
    const text = signatureText(publicToken, signature, timestamp);
    const expiresAt = Math.max(timestamp, nowSeconds) + REPLAY_WINDOW_SECONDS;
    if (this.mode === 'writes' && !isWrite && this.store.rememberSoon) {
      this.store.rememberSoon(text, expiresAt, nowSeconds);
      return true;
    }
    return this.store.remember(text, expiresAt, nowSeconds).then((fresh) => fresh || (this.mode === 'writes' && !isWrite));
  }
}

/** Digits of the Timestamp header at most (src/http/auth.ts). */
const TIMESTAMP_DIGITS = 12;

/** What identifies a signed request: its Timestamp (fixed width, so texts sort by time), Public-Token and Sign. */
const signatureText = (publicToken: string, signature: string, timestamp: number): string => `${String(timestamp).padStart(TIMESTAMP_DIGITS, '0')}\n${publicToken}\n${signature}`;

/**
 * The stored key of a signature: its Timestamp, then a hash of the whole (fixed length; the token
 * and signature are not kept as such). Keys recorded together sort together, so a commit adds to
 * a page or two of the table's index instead of one random page per signature (about a fifth of
 * what create_review wrote to SQLite's log).
 */
const signatureKey = (text: string): string => `${text.slice(0, TIMESTAMP_DIGITS)}.${sha256(text)}`;

/** The key versions before 1760 stored: a hash of Public-Token and Sign only. */
const earlierSignatureKey = (text: string): string => sha256(text.slice(TIMESTAMP_DIGITS + 1));

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The keys a signature is recorded under: its own, and, until the time migration 1760 recorded
 * (EARLIER_KEYS_MARKER), its earlier one too, so that a request seen by a process of the earlier
 * version (before the upgrade or during a rolling restart) is still refused when replayed to
 * this one, and the reverse.
 */
const keysOf = (text: string, now: number, earlierKeysUntil: number): string[] => (now < earlierKeysUntil ? [signatureKey(text), earlierSignatureKey(text)] : [signatureKey(text)]);

export function createReplayGuard(mode: ReplayMode, db: Db, redis: SharedRedis | null): ReplayGuard | null {
  if (mode === 'off') return null;
  const database = new DatabaseSignatureStore(db);
  return new ReplayGuard(mode, redis ? new RedisSignatureStore(redis, database) : database);
}

/** One statement on both databases: insert, or take over a row whose window has ended. */
export class DatabaseSignatureStore implements SignatureStore {
  private pending = new Map<string, number>();
  private pendingNow = 0;
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;

  private earlierKeysUntilRead: Promise<number> | null = null;

  constructor(private readonly db: Db) {}

  /** Until when signatures are recorded under their earlier key too (see EARLIER_KEYS_MARKER; read once per process). */
  earlierKeysUntil(): Promise<number> {
    return (this.earlierKeysUntilRead ??= readEarlierKeysUntil(this.db).catch((error: unknown) => {
      this.earlierKeysUntilRead = null;
      throw error;
    }));
  }

  /**
   * Reads' signatures are written in batches every 50 ms. A write first flushes this process's
   * batch, so a read here is always known to a write here; another process learns of it within 50 ms.
   */
  rememberSoon(signatureText: string, expiresAt: number, now: number): void {
    this.pending.set(signatureText, expiresAt);
    this.pendingNow = Math.max(this.pendingNow, now);
    // One timer per batch: a signature repeated by many reads must not start a timer each.
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      this.flushScheduled = false;
      void this.flush();
    }, READ_BATCH_MS).unref();
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const pending = this.pending;
    const now = this.pendingNow;
    this.pending = new Map();
    this.flushing = (async () => {
      try {
        const until = await this.earlierKeysUntil();
        const batch = [...pending].flatMap(([text, expiresAt]) => keysOf(text, now, until).map((key): [string, number] => [key, expiresAt]));
        await this.db.transaction().execute(async (trx) => {
          for (let start = 0; start < batch.length; start += BATCH_ROWS_PER_STATEMENT) await rememberAll(trx, batch.slice(start, start + BATCH_ROWS_PER_STATEMENT), now);
        });
      } catch {
        // A lost batch only lets a read's signature be reused for a write; the read itself was answered.
      } finally {
        this.flushing = null;
      }
    })();
    await this.flushing;
  }

  /**
   * Writes' signatures of one event-loop turn go out in one statement and one commit (with
   * concurrent writes, a statement and a commit each were most of what refusing a replay cost).
   * A signature seen twice in one turn is fresh for its first request only.
   */
  async remember(signatureText: string, expiresAt: number, now: number): Promise<boolean> {
    await this.flush();
    const keys = keysOf(signatureText, now, await this.earlierKeysUntil());
    const fresh = await Promise.all(keys.map((key) => this.rememberKey(key, expiresAt, now)));
    return fresh.every(Boolean);
  }

  private rememberKey(key: string, expiresAt: number, now: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.writes.push({ key, expiresAt, now, resolve, reject });
      if (this.writes.length === 1) setImmediate(() => void this.writeSignatures());
    });
  }

  private writes: PendingWrite[] = [];

  private async writeSignatures(): Promise<void> {
    const batch = this.writes;
    this.writes = [];
    const first = new Map<string, PendingWrite>();
    for (const write of batch) if (!first.has(write.key)) first.set(write.key, write);
    try {
      const rows = [...first.values()].map((w): [string, number] => [w.key, w.expiresAt]);
      const fresh = await rememberReturningFresh(this.db, rows, Math.max(...batch.map((w) => w.now)));
      for (const write of batch) write.resolve(first.get(write.key) === write && fresh.has(write.key));
    } catch (error) {
      for (const write of batch) write.reject(error);
    }
  }
}

interface PendingWrite {
  key: string;
  expiresAt: number;
  now: number;
  resolve(fresh: boolean): void;
  reject(error: unknown): void;
}

/** Rows per multi-row insert when a batch of reads is written (two parameters a row). */
const BATCH_ROWS_PER_STATEMENT = 500;

/** Records many keys in one statement; a key whose earlier record is still live keeps it. */
async function rememberAll(db: Db, rows: [key: string, expiresAt: number][], now: number): Promise<void> {
  await db
    .insertInto('hmac_signatures')
    .values(rows.map(([signature_key, expires_at]) => ({ signature_key, expires_at })))
    .onConflict((oc) =>
      oc
        .column('signature_key')
        .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
        .where('hmac_signatures.expires_at', '<', now),
    )
    .execute();
}

/** The writes' statement, compiled once per row count (building the insert anew cost more than running it). */
const rememberManyQuery = compiledByShape<{ rows: { signature_key: string; expires_at: number }[]; now: number }, { signature_key: string }>((db, { rows, now }) =>
  db
    .insertInto('hmac_signatures')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('signature_key')
        .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
        .where('hmac_signatures.expires_at', '<', now),
    )
    .returning('signature_key'),
);

/** Records distinct keys in one statement (at most BATCH_ROWS_PER_STATEMENT); the keys that were new, or whose record had expired. */
async function rememberReturningFresh(db: Db, rows: [key: string, expiresAt: number][], now: number): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (let start = 0; start < rows.length; start += BATCH_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + BATCH_ROWS_PER_STATEMENT).map(([signature_key, expires_at]) => ({ signature_key, expires_at }));
    for (const row of await rememberManyQuery(db, { rows: chunk, now })) fresh.add(row.signature_key);
  }
  return fresh;
}

export class RedisSignatureStore implements SignatureStore {
  constructor(
    private readonly redis: SharedRedis,
    private readonly fallback: DatabaseSignatureStore,
  ) {}

  async remember(signatureText: string, expiresAt: number, now: number): Promise<boolean> {
    // With the database unreachable the transition's end is unknown: both keys, the safe superset.
    const keys = keysOf(signatureText, now, await this.fallback.earlierKeysUntil().catch(() => Infinity));
    try {
      const client = await this.redis.client();
      if (client) {
        const ttl = Math.max(1, expiresAt - now);
        const set = await Promise.all(keys.map((key) => client.set(`${this.redis.keyPrefix}sig:${key}`, '1', 'EX', ttl, 'NX')));
        return set.every((answer) => answer === 'OK');
      }
    } catch (error) {
      this.redis.warn('replay guard uses the database: Redis is unreachable', error);
      return this.fallback.remember(signatureText, expiresAt, now);
    }
    this.redis.warn('replay guard uses the database: Redis is unreachable');
    return this.fallback.remember(signatureText, expiresAt, now);
  }
}

/** Until when earlier keys are recorded too (seconds; 0 when migration 1760 found no database in use, or the transition is over). */
async function readEarlierKeysUntil(db: Db): Promise<number> {
  const marker = await db.selectFrom('hmac_signatures').select('expires_at').where('signature_key', '=', EARLIER_KEYS_MARKER).executeTakeFirst();
  return marker ? Number(marker.expires_at) : 0;
}

/** Deletes remembered signatures whose window has ended (a worker task). */
export async function purgeExpiredSignatures(db: Db, nowSeconds: number): Promise<number> {
  const result = await db.deleteFrom('hmac_signatures').where('expires_at', '<', nowSeconds).executeTakeFirst();
  return Number(result.numDeletedRows);
}
