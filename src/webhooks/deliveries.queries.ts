import { compiledByShape } from '../db/compiled.ts';
import type { Db } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import type { NewWebhookAttemptRow, WebhookDeliveryRow, WebhookDeliveryStatus } from './webhooks.table.ts';

/**
 * Claims up to `limit` due deliveries by moving their `next_attempt_at` to the end of a
 * lease: a worker that dies mid-delivery leaves them due again when the lease ends.
 * PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows.
 * SQLite: the single UPDATE statement runs under the database write lock (one claimer at a time).
 */
export const claimDueDeliveries = (db: Db, now: number, leaseUntil: number, limit: number): Promise<WebhookDeliveryRow[]> => claimQuery(db, { now, leaseUntil, limit });

// The worker's statements are compiled once per shape (compiled.ts): building them with Kysely
// for every batch of 128 rows cost more CPU than PostgreSQL spent running them.
const claimQuery = compiledByShape<{ now: number; leaseUntil: number; limit: number }, WebhookDeliveryRow>((db, { now, leaseUntil, limit }) =>
  db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', 'in', (eb) => {
      const due = eb.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit);
      return dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due;
    })
    .where('status', '=', 'pending')
    .returningAll(),
);

export interface DeliveryUpdate {
  id: number;
  /** The lease this worker holds; the row is only written while it still carries it. */
  leaseUntil: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_response_code: number | null;
  last_error: string | null;
  completed_at: number | null;
}

export async function applyDeliveryUpdates(trx: Db, updates: DeliveryUpdate[]): Promise<void> {
  // The common case, a first-attempt success, is one statement for the whole batch.
  const simple = updates.filter((u) => u.status === 'succeeded' && u.attempts === 1 && u.last_response_code === 200);
  const first = simple[0];
  if (first && simple.every((u) => u.leaseUntil === first.leaseUntil)) {
    const { id: _id, leaseUntil, ...fields } = first;
    const completedAt = Math.max(...simple.map((u) => u.completed_at ?? 0));
    const set = { ...fields, last_attempt_at: Math.min(...simple.map((u) => u.last_attempt_at ?? completedAt)), completed_at: completedAt, next_attempt_at: completedAt };
    for (let i = 0; i < simple.length; i += 500) {
      await completeLeasedQuery(trx, { set, ids: simple.slice(i, i + 500).map((u) => u.id), leaseUntil });
    }
    updates = updates.filter((u) => !simple.includes(u));
  }
  for (const { id, leaseUntil, ...fields } of updates) {
    await trx.updateTable('webhook_deliveries').set(fields).where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', leaseUntil).execute();
  }
}

/** Records attempts of deliveries that still exist (a subscription deleted meanwhile took its deliveries with it). */
export async function insertAttempts(trx: Db, attempts: NewWebhookAttemptRow[]): Promise<void> {
  if (attempts.length === 0) return;
  const existing = new Set<number>();
  for (let i = 0; i < attempts.length; i += 500) {
    const ids = attempts.slice(i, i + 500).map((a) => Number(a.delivery_id));
    for (const row of await existingDeliveriesQuery(trx, { ids })) existing.add(Number(row.id));
  }
  const kept = attempts.filter((a) => existing.has(Number(a.delivery_id)));
  for (let i = 0; i < kept.length; i += 200) await insertAttemptsQuery(trx, { rows: kept.slice(i, i + 200) });
}

const completeLeasedQuery = compiledByShape<{ set: Omit<DeliveryUpdate, 'id' | 'leaseUntil'>; ids: number[]; leaseUntil: number }, never>((db, { set, ids, leaseUntil }) =>
  db.updateTable('webhook_deliveries').set(set).where('id', 'in', ids).where('status', '=', 'pending').where('next_attempt_at', '=', leaseUntil),
);
const existingDeliveriesQuery = compiledByShape<{ ids: number[] }, { id: number }>((db, { ids }) => db.selectFrom('webhook_deliveries').select('id').where('id', 'in', ids));
const insertAttemptsQuery = compiledByShape<{ rows: NewWebhookAttemptRow[] }, never>((db, { rows }) => db.insertInto('webhook_attempts').values(rows));

/** The subscriptions of a claimed batch with what signing needs from their shops, in one query. */
export const subscriptionsWithShops = (db: Db, ids: number[]) => subscriptionsWithShopsQuery(db, { ids });

const subscriptionsWithShopsQuery = compiledByShape((db: Db, { ids }: { ids: number[] }) =>
  db
    .selectFrom('webhook_subscriptions')
    .innerJoin('shops', 'shops.id', 'webhook_subscriptions.shop_id')
    .selectAll('webhook_subscriptions')
    .select(['shops.domain as shop_domain', 'shops.public_token as shop_public_token', 'shops.private_token_sealed as shop_private_token_sealed'])
    .where('webhook_subscriptions.id', 'in', ids),
);

export async function markSubscriptionHealthy(trx: Db, subscriptionId: number, now: number): Promise<void> {
  await trx.updateTable('webhook_subscriptions').set({ failing_since: null, dropped_in_a_row: 0, updated_at: now }).where('id', '=', subscriptionId).execute();
}

export async function markSubscriptionFailing(trx: Db, subscriptionId: number, failingSince: number, dropped: number): Promise<void> {
  await trx
    .updateTable('webhook_subscriptions')
    .set((eb) => ({
      failing_since: eb.fn.coalesce('failing_since', eb.val(failingSince)),
      dropped_in_a_row: eb('dropped_in_a_row', '+', dropped),
    }))
    .where('id', '=', subscriptionId)
    .execute();
}

/** Disables a subscription and ends its pending deliveries, recording why. */
export async function disableSubscription(trx: Db, subscriptionId: number, reason: string, now: number): Promise<void> {
  await trx.updateTable('webhook_subscriptions').set({ status: 'disabled', disabled_reason: reason, updated_at: now }).where('id', '=', subscriptionId).execute();
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: `subscription disabled: ${reason}`, completed_at: now })
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .execute();
}
