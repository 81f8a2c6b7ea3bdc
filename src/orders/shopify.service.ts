import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { ApiError, invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { safeEqual, type SecretBox } from '../lib/crypto.ts';
import { parseWireTime } from '../lib/time.ts';
import { normaliseEmail } from '../customers/suppression.service.ts';
import { requireShop } from '../shops/shops.service.ts';
import { findShopByDomain } from '../shops/shops.queries.ts';
import type { OrderFacts } from './orders.input.ts';
import { ingestOrder } from './orders.service.ts';
import type { EventSink } from '../events/events.ts';

export interface ShopifyDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  events: EventSink;
}

export const SHOPIFY_ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/fulfilled', 'orders/paid', 'orders/cancelled'];

/** Stores the Shopify app's API secret (the webhook HMAC key) for a shop, sealed. */
export async function setShopifySecret(deps: Omit<ShopifyDeps, 'events'>, domain: string, secret: string): Promise<void> {
  const shop = await requireShop(deps.db, domain);
  if (secret.trim().length < 8) throw invalidArgument('secret', 'must be the Shopify app API secret');
  const now = deps.clock.now();
  const sealed = deps.secrets.seal(secret.trim());
  await deps.db
    .insertInto('shopify_connections')
    .values({ shop_id: shop.id, app_secret_sealed: sealed, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ app_secret_sealed: sealed, updated_at: now }))
    .execute();
}

const rejected = (why: string) => new ApiError('unauthenticated', `authentication failed: ${why}`, 401);

export interface ShopifyDelivery {
  shopDomain: string;
  topic: string;
  webhookId: string;
  hmac: string;
  rawBody: Buffer;
}

/**
 * Verifies X-Shopify-Hmac-Sha256 over the raw body, then applies the order once per X-Shopify-Webhook-Id
 * and once per body. The HMAC covers the body only, so the order's state comes from the body
 * (cancelled_at, fulfillment_status, financial_status), never from the unsigned X-Shopify-Topic.
 */
export async function receiveShopifyWebhook(deps: ShopifyDeps, delivery: ShopifyDelivery): Promise<'processed' | 'duplicate' | 'ignored'> {
  const shop = delivery.shopDomain ? await findShopByDomain(deps.db, delivery.shopDomain.trim().toLowerCase()) : undefined;
  const connection = shop ? await deps.db.selectFrom('shopify_connections').select('app_secret_sealed').where('shop_id', '=', shop.id).executeTakeFirst() : undefined;
  if (!shop || !connection) throw rejected('unknown shop or no Shopify secret configured');
  const expected = createHmac('sha256', deps.secrets.open(connection.app_secret_sealed)).update(delivery.rawBody).digest('base64');
  if (!safeEqual(expected, delivery.hmac.trim())) throw rejected('X-Shopify-Hmac-Sha256 does not match the body');
  if (!delivery.webhookId || delivery.webhookId.length > 128) throw invalidArgument('X-Shopify-Webhook-Id', 'is required');
  if (!SHOPIFY_ORDER_TOPICS.includes(delivery.topic)) return 'ignored';
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody.toString('utf8'));
  } catch {
    throw invalidArgument('body', 'is not valid JSON');
  }
  const now = deps.clock.now();
  const facts = shopifyOrderFacts(payload, now);
  const bodyDigest = createHash('sha256').update(delivery.rawBody).digest('hex');
  return deps.db.transaction().execute(async (trx) => {
    const receipt = await trx
      .insertInto('shopify_webhook_receipts')
      .values({ shop_id: shop.id, webhook_id: delivery.webhookId, topic: delivery.topic, received_at: now, body_digest: bodyDigest })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!receipt) return 'duplicate';
    await ingestOrder(trx, shop.id, facts, 'shopify', now, deps.events);
    return 'processed';
  });
}

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
/** Ids beyond 2^53 lose digits in JSON.parse; the GraphQL id ("gid://shopify/Order/123") keeps them as text. */
const idOf = (entity: Json): string => /^gid:\/\/shopify\/\w+\/([0-9]{1,20})$/.exec(text(entity.admin_graphql_api_id))?.[1] ?? text(entity.id);

/** A Shopify order payload (REST Admin API shape) as OrderFacts. */
export function shopifyOrderFacts(payload: unknown, now: number): OrderFacts {
  if (payload === null || typeof payload !== 'object') throw invalidArgument('body', 'must be a Shopify order');
  const order = payload as Json;
  const orderId = idOf(order);
  if (!/^[1-9][0-9]{0,19}$/.test(orderId)) throw invalidArgument('id', 'must be the Shopify order id');
  const customer = (order.customer && typeof order.customer === 'object' ? order.customer : {}) as Json;
  const rawEmail = text(order.email) || text(customer.email);
  let email = '';
  try {
    email = rawEmail ? normaliseEmail('email', rawEmail) : '';
  } catch {
    email = '';
  }
  const time = (value: unknown) => (typeof value === 'string' ? parseWireTime(value) : null);
  const items = Array.isArray(order.line_items) ? (order.line_items as Json[]) : [];
  const fulfillments = Array.isArray(order.fulfillments) ? (order.fulfillments as Json[]) : [];
  const fulfilled = order.fulfillment_status === 'fulfilled';
  const refunded = order.financial_status === 'refunded' || order.financial_status === 'voided';
  const cancelledAt = time(order.cancelled_at) ?? (refunded ? now : null);
  return {
    order_id: orderId,
    order_name: text(order.name).slice(0, 64) || `#${orderId}`,
    customer_id: /^[0-9]{1,20}$/.test(idOf(customer)) ? idOf(customer) : '',
    customer_email: email,
    customer_name: [text(customer.first_name), text(customer.last_name)].filter(Boolean).join(' ').slice(0, 200),
    customer_first_name: text(customer.first_name).slice(0, 100),
    customer_phone: (text(customer.phone) || text(order.phone)).slice(0, 40),
    locale: /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(text(order.customer_locale)) ? text(order.customer_locale).slice(0, 35) : '',
    line_items: items
      .filter((item) => /^[1-9][0-9]{0,19}$/.test(text(item?.product_id)))
      .slice(0, 250)
      .map((item) => ({ product_id: text(item.product_id), title: text(item.title).slice(0, 255), variant_title: text(item.variant_title).slice(0, 255) })),
    created_at: time(order.created_at),
    fulfilled_at: fulfilled ? (time(fulfillments.at(-1)?.created_at) ?? time(order.updated_at) ?? now) : null,
    cancelled_at: cancelledAt,
  };
}
