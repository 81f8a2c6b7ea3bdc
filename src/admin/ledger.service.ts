import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import type { Clock } from '../lib/clock.ts';
import type { LedgerRow } from './admin.table.ts';

export interface LedgerActor {
  merchantId: number | null;
  email: string;
}

export interface LedgerInput {
  shopId: number;
  actor: LedgerActor;
  /** e.g. review.publish, review.hide, bulk.start, member.role, settings.transparency */
  action: string;
  /** e.g. review:42 */
  subject: string;
  before: unknown;
  after: unknown;
}

/** The text an entry's hash covers: every stored field in a fixed order, including the previous hash. */
export function entryHash(row: Omit<LedgerRow, 'id' | 'hash'>): string {
  const canonical = JSON.stringify([
    Number(row.shop_id),
    Number(row.seq),
    Number(row.at),
    row.merchant_id === null ? null : Number(row.merchant_id),
    row.actor_email,
    row.action,
    row.subject,
    row.before_json,
    row.after_json,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one entry to the shop's chain. Call it inside the transaction of the change it
 * records, so the entry exists exactly when the change does. Appends of one shop queue on a
 * lock (PostgreSQL advisory lock; SQLite's single writer).
 */
export async function appendLedger(trx: Db, clock: Clock, input: LedgerInput): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(7245100, ${input.shopId}::int)`.execute(trx);
  const last = await trx.selectFrom('moderation_ledger').select(['seq', 'hash']).where('shop_id', '=', input.shopId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const entry = {
    shop_id: input.shopId,
    seq: last ? Number(last.seq) + 1 : 1,
    at: clock.now(),
    merchant_id: input.actor.merchantId,
    actor_email: input.actor.email,
    action: input.action,
    subject: input.subject,
    before_json: JSON.stringify(input.before ?? null),
    after_json: JSON.stringify(input.after ?? null),
    prev_hash: last?.hash ?? '',
  };
  await trx
    .insertInto('moderation_ledger')
    .values({ ...entry, hash: entryHash(entry) })
    .execute();
}

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; first_bad_seq: number; reason: string };

/** Walks the shop's chain in order: every hash must match its entry and link to the one before. */
export async function verifyLedger(db: Db, shopId: number): Promise<VerifyResult> {
  let prevHash = '';
  let expectedSeq = 1;
  let count = 0;
  const PAGE = 1000;
  for (;;) {
    const rows = await db.selectFrom('moderation_ledger').selectAll().where('shop_id', '=', shopId).where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, entries: count, first_bad_seq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash) return { ok: false, entries: count, first_bad_seq: seq, reason: 'prev_hash does not match the previous entry' };
      if (entryHash(row) !== row.hash) return { ok: false, entries: count, first_bad_seq: seq, reason: 'the entry was changed after it was written (hash mismatch)' };
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < PAGE) return { ok: true, entries: count };
  }
}

export const ledgerEntryView = (row: LedgerRow) => ({
  seq: Number(row.seq),
  at: new Date(Number(row.at)).toISOString(),
  actor: { account_id: row.merchant_id === null ? null : String(row.merchant_id), email: row.actor_email },
  action: row.action,
  subject: row.subject,
  before: JSON.parse(row.before_json) as unknown,
  after: JSON.parse(row.after_json) as unknown,
  prev_hash: row.prev_hash,
  hash: row.hash,
});
