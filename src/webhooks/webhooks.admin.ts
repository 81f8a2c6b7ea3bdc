import type { Db } from '../db/database.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { insertDeliveries } from './webhooks.events.ts';
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from './webhooks.table.ts';

/** Operator views and actions behind `plaudit webhooks …` (ids are global here: the operator sees every shop). */

const time = (ms: number | null) => (ms === null ? null : formatRfc3339(ms));

export function describeSubscription(row: WebhookSubscriptionRow) {
  return {
    id: String(row.id),
    platform_id: String(row.platform_id),
    topic: row.topic,
    url: row.url,
    status: row.status,
    disabled_reason: row.disabled_reason,
    accept_plain_2xx: row.accept_plain_2xx,
    failing_since: time(row.failing_since),
    dropped_in_a_row: row.dropped_in_a_row,
    created_at: time(row.created_at),
    updated_at: time(row.updated_at),
  };
}

export const subscriptionsOfShop = (db: Db, shopId: number) => db.selectFrom('webhook_subscriptions').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();

export async function deliveriesOfShop(db: Db, shopId: number, options: { failedOnly: boolean; limit: number }) {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('shop_id', '=', shopId);
  if (options.failedOnly) query = query.where('status', 'in', ['failed', 'skipped']);
  const deliveries = await query.orderBy('id', 'desc').limit(options.limit).execute();
  const ids = deliveries.map((d) => Number(d.id));
  const attempts = ids.length === 0 ? [] : await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('id').execute();
  return deliveries.map((d) =>
    describeDelivery(
      d,
      attempts.filter((a) => Number(a.delivery_id) === Number(d.id)),
    ),
  );
}

function describeDelivery(
  d: WebhookDeliveryRow,
  attempts: { attempt_no: number; started_at: number; duration_ms: number; outcome: string; response_code: number | null; error: string | null; response_excerpt: string }[],
) {
  return {
    id: String(d.id),
    subscription_id: String(d.subscription_id),
    message_id: d.message_id,
    topic: d.topic,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? time(d.next_attempt_at) : null,
    last_error: d.last_error,
    created_at: time(d.created_at),
    completed_at: time(d.completed_at),
    attempt_log: attempts.map((a) => ({
      attempt: a.attempt_no,
      at: time(a.started_at),
      outcome: a.outcome,
      response_code: a.response_code,
      duration_ms: a.duration_ms,
      error: a.error,
      response: a.response_excerpt,
    })),
  };
}

/** Queues the delivery's event again for its subscription: same body and message id, ten fresh attempts. */
export async function redeliver(db: Db, deliveryId: number, now: number): Promise<{ delivery_id: string; message_id: string }> {
  const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery) throw notFound(`delivery ${deliveryId}`);
  const subscription = await db.selectFrom('webhook_subscriptions').select(['status']).where('id', '=', delivery.subscription_id).executeTakeFirst();
  if (subscription?.status !== 'enabled') throw new ApiError('invalid_argument', `subscription ${delivery.subscription_id} is disabled; enable it first`);
  const [id] = await insertDeliveries(db, [{ subscriptionId: Number(delivery.subscription_id), payload: delivery.payload, messageId: delivery.message_id }], {
    shopId: Number(delivery.shop_id),
    topic: delivery.topic as never,
    occurredAt: now,
  });
  return { delivery_id: String(id), message_id: delivery.message_id };
}

/** Re-enables a disabled subscription and forgets its failure record. */
export async function enableSubscription(db: Db, subscriptionId: number, now: number, acceptPlain2xx?: boolean) {
  const updated = await db
    .updateTable('webhook_subscriptions')
    .set({
      status: 'enabled',
      disabled_reason: null,
      failing_since: null,
      dropped_in_a_row: 0,
      updated_at: now,
      ...(acceptPlain2xx === undefined ? {} : { accept_plain_2xx: acceptPlain2xx ? 1 : 0 }),
    })
    .where('id', '=', subscriptionId)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw notFound(`subscription ${subscriptionId}`);
  return describeSubscription(updated);
}
