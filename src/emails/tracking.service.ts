import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import { appendCustomerEvent, osTypeOf } from '../customers/customer-events.service.ts';
import { insertUnsubscribe } from '../customers/customers.queries.ts';
import { findOrderByRef, updateOrderRow } from '../orders/orders.queries.ts';
import { ORDER_STATUS, type OrderRow } from '../orders/orders.table.ts';
import { markJobEngaged } from './jobs.queries.ts';
import { cancelPendingEmails } from './schedule.ts';

export interface TrackingDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
}

const emailEvent = (order: OrderRow, eventType: string, userAgent: string | undefined, more: { product_id?: string; review_id?: string } = {}) => ({
  event_type: eventType,
  event_source: 'EMAIL',
  os_type: osTypeOf(userAgent),
  customer_id: order.customer_id,
  customer_email: order.customer_email,
  extra: { order_id: order.order_id },
  ...more,
});

/** The first open (pixel, or a click, which implies it) moves Sent → Opened and is recorded once. */
async function markOpened(trx: Db, events: EventSink, order: OrderRow, userAgent: string | undefined, now: number) {
  if (order.opened_at !== null) return;
  await updateOrderRow(trx, order.shop_id, order.id, {
    opened_at: now,
    updated_at: now,
    ...(order.status === ORDER_STATUS.sent ? { status: ORDER_STATUS.opened } : {}),
  });
  await appendCustomerEvent(trx, events, order.shop_id, emailEvent(order, 'OPEN_EMAIL', userAgent), now);
}

export async function recordEmailOpen(deps: TrackingDeps, claims: { s: number; o: number; j?: number }, userAgent: string | undefined): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const order = await findOrderByRef(trx, claims.s, claims.o);
    if (!order) return;
    await markOpened(trx, deps.events, order, userAgent, now);
    if (claims.j !== undefined) await markJobEngaged(trx, claims.s, claims.o, claims.j, now);
  });
}

/**
 * A followed link: the order's first click is kept (clicked_at, the dashboard's "clicked" step; it implies an open),
 * and CLICK_EMAIL recorded (with the product for review links). Returns the order, or undefined when it is gone.
 */
export async function recordEmailClick(deps: TrackingDeps, claims: { s: number; o: number; j?: number }, userAgent: string | undefined, productId = ''): Promise<OrderRow | undefined> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const order = await findOrderByRef(trx, claims.s, claims.o);
    if (!order) return undefined;
    await markOpened(trx, deps.events, order, userAgent, now);
    if (order.clicked_at === null) await updateOrderRow(trx, order.shop_id, order.id, { clicked_at: now, updated_at: now });
    if (claims.j !== undefined) await markJobEngaged(trx, claims.s, claims.o, claims.j, now);
    await appendCustomerEvent(trx, deps.events, order.shop_id, emailEvent(order, 'CLICK_EMAIL', userAgent, { product_id: productId }), now);
    return order;
  });
}

/** After a review arrives through the email: Evaluated, no reminder, SUBMIT_REVIEW recorded. */
export async function recordEmailReview(deps: TrackingDeps, order: OrderRow, productId: string, reviewId: string, userAgent: string | undefined): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const current = await findOrderByRef(trx, order.shop_id, order.id);
    if (!current) return;
    const final = current.status === ORDER_STATUS.cancelled;
    await updateOrderRow(trx, order.shop_id, order.id, {
      evaluated_at: current.evaluated_at ?? now,
      // The review came through the email's link: it was opened and clicked, so the funnel's steps stay nested.
      opened_at: current.opened_at ?? now,
      clicked_at: current.clicked_at ?? now,
      updated_at: now,
      ...(final ? {} : { status: ORDER_STATUS.evaluated }),
    });
    await cancelPendingEmails(trx, order.shop_id, [order.id], now);
    await appendCustomerEvent(trx, deps.events, order.shop_id, emailEvent(current, 'SUBMIT_REVIEW', userAgent, { product_id: productId, review_id: reviewId }), now);
  });
}

/** The email's unsubscribe link (and RFC 8058 one-click POST). Idempotent. */
export async function unsubscribeFromLink(deps: TrackingDeps, claims: { s: number; o: number; e: string; t: string }, userAgent: string | undefined): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await insertUnsubscribe(trx, claims.s, claims.e, claims.t, now);
    const order = await findOrderByRef(trx, claims.s, claims.o);
    if (order) await appendCustomerEvent(trx, deps.events, claims.s, { ...emailEvent(order, 'UNSUBSCRIBE_EMAIL', userAgent), customer_email: claims.e }, now);
  });
}
