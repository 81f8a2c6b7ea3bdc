import type { Db } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import type { ReviewerEmailRow } from './reviewers.table.ts';

/** Claims due emails with a lease (a crashed worker's lease runs out and another sends them). */
export async function claimDueReviewerEmails(db: Db, now: number, limit: number, leaseMs: number): Promise<ReviewerEmailRow[]> {
  const due = db
    .selectFrom('reviewer_emails')
    .select('id')
    .where('state', '=', 'pending')
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('run_at')
    .limit(limit);
  return db
    .updateTable('reviewer_emails')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', 'in', dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
}

export const finishReviewerEmail = (db: Db, id: number, state: 'sent' | 'cancelled' | 'failed', now: number, error = '') =>
  db
    .updateTable('reviewer_emails')
    .set({ state, lease_until: null, updated_at: now, ...(state === 'sent' ? { sent_at: now } : {}), ...(error ? { last_error: error } : {}) })
    .where('id', '=', id)
    .execute();

export const retryReviewerEmail = (db: Db, id: number, runAt: number, now: number, error: string) =>
  db.updateTable('reviewer_emails').set({ run_at: runAt, lease_until: null, last_error: error, updated_at: now }).where('id', '=', id).execute();
