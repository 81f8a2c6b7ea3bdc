import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import type { Clock } from '../lib/clock.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { cancelPendingEmails } from '../emails/schedule.ts';
import { eraseOrderCustomers, ordersByCustomerEmail } from '../orders/orders.queries.ts';
import { toOrder } from '../orders/orders.service.ts';
import { getReview } from '../reviews/reviews.service.ts';
import { reviewIdsByAuthorEmail, updateReviewAuthor } from '../reviews/reviews.queries.ts';
import { customerEventsOf, deleteCustomerEvents } from '../customers/customers.queries.ts';
import { toCustomerEvent } from '../customers/customer-events.service.ts';
import { normaliseEmail } from '../customers/suppression.service.ts';
import { forgetRewardRecipient } from '../rewards/rewards.queries.ts';

export interface PrivacyDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
}

const ANONYMOUS = 'Anonymous';

async function shopperRecords(db: Db, shopId: number, email: string) {
  const orders = await ordersByCustomerEmail(db, shopId, email);
  const customerIds = [...new Set(orders.map((o) => o.customer_id).filter(Boolean))];
  const events = await customerEventsOf(db, shopId, email, customerIds);
  const reviewIds = await reviewIdsByAuthorEmail(db, shopId, email);
  return { orders, customerIds, events, reviewIds };
}

/**
 * Erases a shopper's personal data in one transaction: the customer fields of their orders,
 * their events, their pending emails and rewards, and the author details of their reviews (the review
 * text stays, signed "Anonymous"; review.updated is emitted for each). Unsubscribes and
 * exclusions are kept: they are the record that this address must not be mailed.
 */
export async function forgetCustomer(deps: PrivacyDeps, shopId: number, rawEmail: string) {
  const email = normaliseEmail('email', rawEmail);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { orders, events, reviewIds } = await shopperRecords(trx, shopId, email);
    const orderRefs = orders.map((o) => o.id);
    await cancelPendingEmails(trx, shopId, orderRefs, now);
    await eraseOrderCustomers(trx, shopId, orderRefs, now);
    await deleteCustomerEvents(
      trx,
      shopId,
      events.map((e) => e.id),
    );
    await forgetRewardRecipient(trx, shopId, email, now);
    for (const id of reviewIds) {
      await updateReviewAuthor(trx, shopId, id, { author: ANONYMOUS, author_email: '', author_phone: '' }, now);
      await deps.events.emit(trx, { shopId, type: 'review.updated', data: await getReview({ db: trx }, shopId, id), occurredAt: now });
    }
    return { email, orders: orderRefs.length, customer_events: events.length, reviews: reviewIds.length };
  });
}

/** Everything stored about one shopper, as JSON-ready objects. */
export async function exportCustomer(deps: { db: Db }, shopId: number, rawEmail: string) {
  const email = normaliseEmail('email', rawEmail);
  const { orders, events, reviewIds } = await shopperRecords(deps.db, shopId, email);
  const reviews = await Promise.all(reviewIds.map((id) => getReview(deps, shopId, id)));
  const unsubscribes = await deps.db.selectFrom('email_unsubscribes').select(['email_type', 'created_at']).where('shop_id', '=', shopId).where('email', '=', email).execute();
  const exclusions = await deps.db.selectFrom('customer_exclusions').selectAll().where('shop_id', '=', shopId).where('email', '=', email).execute();
  const orderRefs = orders.map((o) => o.id);
  const emails = orderRefs.length
    ? await deps.db.selectFrom('email_jobs').select(['order_ref', 'kind', 'state', 'run_at', 'sent_at']).where('shop_id', '=', shopId).where('order_ref', 'in', orderRefs).orderBy('id').execute()
    : [];
  return {
    email,
    orders: orders.map((o) => ({ ...toOrder(o), customer_id: o.customer_id, customer_phone: o.customer_phone, line_items: JSON.parse(o.line_items) as unknown })),
    customer_events: events.map(toCustomerEvent),
    reviews,
    unsubscribes: unsubscribes.map((u) => ({ email_type: u.email_type, created_at: formatRfc3339(u.created_at) })),
    exclusions: exclusions.map((e) => ({ customer_id: e.customer_id, email: e.email, created_at: formatRfc3339(e.created_at) })),
    emails: emails.map((e) => ({
      order_id: orders.find((o) => o.id === e.order_ref)?.order_id ?? '',
      kind: e.kind,
      state: e.state,
      run_at: formatRfc3339(e.run_at),
      sent_at: e.sent_at === null ? '' : formatRfc3339(e.sent_at),
    })),
  };
}
