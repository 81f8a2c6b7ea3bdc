import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { ORDER_STATUS } from '../orders/orders.table.ts';
import type { EmailJobRow } from './emails.table.ts';

/**
 * Claims up to `limit` due jobs by setting a lease. On PostgreSQL concurrent workers skip
 * each other's rows (FOR UPDATE SKIP LOCKED); SQLite has a single writer. A worker that dies
 * mid-batch leaves its jobs to be claimed again when the lease runs out.
 */
export async function claimDueJobs(db: Db, dialect: DialectName, now: number, limit: number, leaseMs: number): Promise<EmailJobRow[]> {
  const due = db
    .selectFrom('email_jobs')
    .select('id')
    .where('state', '=', 'pending')
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit);
  const claimed = await db
    .updateTable('email_jobs')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
  // RETURNING has no order; the daily cap lets the earliest due through first.
  return claimed.sort((a, b) => Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
}

export const finishJobs = (db: Db, ids: number[], state: 'sent' | 'cancelled' | 'suppressed' | 'failed', now: number, error = '') =>
  ids.length === 0
    ? Promise.resolve()
    : db
        .updateTable('email_jobs')
        .set({ state, lease_until: null, updated_at: now, ...(state === 'sent' ? { sent_at: now } : {}), ...(error ? { last_error: error } : {}) })
        .where('id', 'in', ids)
        .execute();

export const retryJob = (db: Db, id: number, runAt: number, now: number, error: string) =>
  db.updateTable('email_jobs').set({ state: 'pending', run_at: runAt, lease_until: null, last_error: error, updated_at: now }).where('id', '=', id).execute();

/** Jobs that must wait (the shop's daily cap): due again at `runAt`; the claim does not count as an attempt. */
export const deferJobs = (db: Db, ids: number[], runAt: number, now: number, reason: string) =>
  ids.length === 0
    ? Promise.resolve()
    : db
        .updateTable('email_jobs')
        .set((eb) => ({ run_at: runAt, lease_until: null, attempts: eb('attempts', '-', 1), last_error: reason, updated_at: now }))
        .where('id', 'in', ids)
        .execute();

/** How many emails the shop sent since `since` (the daily cap). */
export async function countSentSince(db: Db, shopId: number, since: number): Promise<number> {
  const row = await db
    .selectFrom('email_jobs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('shop_id', '=', shopId)
    .where('sent_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The sent emails of these orders (a reminder's "opened or clicked the previous email" looks at the last one). */
export async function previousEmails(db: Db, shopId: number, orderRefs: number[]) {
  if (orderRefs.length === 0) return [];
  return db.selectFrom('email_jobs').select(['order_ref', 'step', 'sent_at', 'engaged_at']).where('shop_id', '=', shopId).where('order_ref', 'in', orderRefs).where('state', '=', 'sent').execute();
}

/** The first open or click of an email, recorded on its job. */
export const markJobEngaged = (db: Db, shopId: number, orderRef: number, jobId: number, now: number) =>
  db.updateTable('email_jobs').set({ engaged_at: now }).where('id', '=', jobId).where('shop_id', '=', shopId).where('order_ref', '=', orderRef).where('engaged_at', 'is', null).execute();

/** Scheduled → Sent; a reminder leaves the status alone. The first send time is kept. */
export const markOrdersSent = (db: Db, shopId: number, orderRefs: number[], now: number) =>
  db
    .updateTable('orders')
    .set((eb) => ({
      status: eb.case().when('status', '=', ORDER_STATUS.scheduled).then(ORDER_STATUS.sent).else(eb.ref('status')).end(),
      sent_at: eb.fn.coalesce('sent_at', eb.val(now)),
      updated_at: now,
    }))
    .where('shop_id', '=', shopId)
    .where('id', 'in', orderRefs)
    .execute();

/** Waiting → Scheduled for orders asked by a lookback. */
export const markOrdersScheduled = (db: Db, shopId: number, orderRefs: number[], runAt: number, now: number) =>
  db
    .updateTable('orders')
    .set({ status: ORDER_STATUS.scheduled, scheduled_at: runAt, updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', 'in', orderRefs)
    .where('status', '=', ORDER_STATUS.waiting)
    .execute();

export const markOrdersRequestCancelled = (db: Db, shopId: number, orderRefs: number[], now: number) =>
  db.updateTable('orders').set({ status: ORDER_STATUS.cancelled, updated_at: now }).where('shop_id', '=', shopId).where('id', 'in', orderRefs).where('status', '=', ORDER_STATUS.scheduled).execute();
