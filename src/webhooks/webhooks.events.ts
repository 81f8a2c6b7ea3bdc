import type { Db } from '../db/database.ts';
import type { DomainEvent, DomainEventType, EventSink } from '../events/events.ts';
import { newRequestId } from '../lib/ids.ts';
import { enabledSubscribers } from './webhooks.queries.ts';
import type { WebhookTopic } from './webhooks.schemas.ts';

/**
 * The spec's webhook topic of each domain event (webhooks.md §1), for the events partners
 * subscribe to. Subscribers see a hidden review as deleted and a review shown again as updated.
 */
export const WEBHOOK_TOPIC_OF: Readonly<Partial<Record<DomainEventType, WebhookTopic>>> = {
  'review.created': 'review/created',
  'review.updated': 'review/updated',
  'review.published': 'review/updated',
  'review.hidden': 'review/deleted',
  'review.deleted': 'review/deleted',
  'customer_event.created': 'customer_event/created',
  'question.created': 'question/created',
  'question.answered': 'question/answered',
};

/**
 * The webhook side of the transactional outbox: for every enabled subscription of the
 * event's shop and topic, a pending delivery row is written with the caller's transaction,
 * so the change and its deliveries are saved together or not at all.
 */
export const webhookEvents: EventSink = {
  async emit(trx, event) {
    const topic = WEBHOOK_TOPIC_OF[event.type];
    if (!topic) return;
    const subscribers = await subscribersIn(trx, event.shopId, topic);
    if (subscribers.length === 0) return;
    const shop = await trx.selectFrom('shops').select(['domain']).where('id', '=', event.shopId).executeTakeFirst();
    if (!shop) return;
    const payload = deliveryBody(event, shop.domain);
    await insertDeliveries(
      trx,
      subscribers.map((s) => ({ subscriptionId: Number(s.id), payload })),
      { shopId: event.shopId, topic, occurredAt: event.occurredAt },
    );
  },
};

/** Asked once per transaction, shop and topic: a transaction writing many reviews (reviews.batch.ts) asks once. */
const subscribersOfTransaction = new WeakMap<Db, Map<string, Promise<{ id: number }[]>>>();

function subscribersIn(trx: Db, shopId: number, topic: string): Promise<{ id: number }[]> {
  if (!trx.isTransaction) return enabledSubscribers(trx, shopId, topic);
  let known = subscribersOfTransaction.get(trx);
  if (!known) subscribersOfTransaction.set(trx, (known = new Map()));
  const key = `${shopId}:${topic}`;
  let subscribers = known.get(key);
  if (!subscribers) known.set(key, (subscribers = enabledSubscribers(trx, shopId, topic)));
  return subscribers;
}

export async function insertDeliveries(
  trx: Db,
  items: { subscriptionId: number; payload: string; messageId?: string }[],
  event: { shopId: number; topic: string; occurredAt: number },
): Promise<number[]> {
  const rows = await trx
    .insertInto('webhook_deliveries')
    .values(
      items.map((item) => ({
        shop_id: event.shopId,
        subscription_id: item.subscriptionId,
        message_id: item.messageId ?? newRequestId(),
        topic: event.topic,
        payload: item.payload,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: event.occurredAt,
        created_at: event.occurredAt,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * The delivery body (spec webhooks.md §2.2): `{"list":[item]}` where the item is the entity
 * in its wire shape with `id` as a JSON number and the shop's identification first.
 */
export function deliveryBody(event: Pick<DomainEvent, 'shopId' | 'data'>, shopDomain: string): string {
  const { id, my_shopify_domain: _d, shopify_shop_id: _s, ...rest } = (event.data ?? {}) as Record<string, unknown>;
  const numericId = typeof id === 'string' && /^[0-9]{1,15}$/.test(id) ? Number(id) : id;
  const item = { id: numericId, my_shopify_domain: shopDomain, shopify_shop_id: String(event.shopId), ...rest };
  return JSON.stringify({ list: [item] });
}
