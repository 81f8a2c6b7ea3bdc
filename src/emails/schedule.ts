import type { Db } from '../db/database.ts';
import { ORDER_STATUS, type LineItem, type OrderRow } from '../orders/orders.table.ts';
import { getEmailSettings, type EmailSettings } from './settings.service.ts';

const DAY_MS = 86_400_000;
export const REVIEW_REQUEST_TYPE = 'review_request';
const STALE_AFTER_MS = 30 * DAY_MS;

/** The distinct products of an order the shop wants reviews for. */
export function askableItems(items: LineItem[], settings: Pick<EmailSettings, 'product_ids'>): LineItem[] {
  const wanted = new Set(settings.product_ids);
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.product_id === '' || item.product_id === '0' || seen.has(item.product_id)) return false;
    seen.add(item.product_id);
    return wanted.size === 0 || wanted.has(item.product_id);
  });
}

/**
 * Called when an order becomes fulfilled: queues its review request `delay_days` after
 * fulfilment and returns the order's new status fields, or null when nothing is to be asked
 * (requests off, no address, no product the shop asks about, or a request that would be more
 * than 30 days late) — the order then stays Waiting.
 */
export async function scheduleReviewRequest(trx: Db, order: OrderRow, fulfilledAt: number, now: number) {
  const settings = await getEmailSettings(trx, order.shop_id);
  const items = JSON.parse(order.line_items) as LineItem[];
  if (settings.enabled !== 1 || order.customer_email === '' || askableItems(items, settings).length === 0) return null;
  const runAt = fulfilledAt + settings.delay_days * DAY_MS;
  // Importing old orders must not mail shoppers about purchases from long ago.
  if (runAt < now - STALE_AFTER_MS) return null;
  await insertEmailJobs(trx, order.shop_id, [{ orderRef: order.id, runAt }], 0, now);
  return { status: ORDER_STATUS.scheduled, scheduled_at: runAt };
}

const INSERT_CHUNK = 1000;

/** Queues one email per order at its own time; `step` 0 is the request, 1-3 the reminders. */
export async function insertEmailJobs(trx: Db, shopId: number, jobs: { orderRef: number; runAt: number }[], step: number, now: number): Promise<void> {
  for (let start = 0; start < jobs.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('email_jobs')
      .values(
        jobs.slice(start, start + INSERT_CHUNK).map(({ orderRef, runAt }) => ({
          shop_id: shopId,
          order_ref: orderRef,
          kind: step === 0 ? ('request' as const) : ('reminder' as const),
          step,
          email_type: REVIEW_REQUEST_TYPE,
          state: 'pending' as const,
          run_at: runAt,
          lease_until: null,
          sent_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

/** A cancelled or refunded order (or a forgotten customer) gets no further emails. */
export const cancelPendingEmails = (trx: Db, shopId: number, orderRefs: number[], now: number) =>
  orderRefs.length === 0
    ? Promise.resolve()
    : trx
        .updateTable('email_jobs')
        .set({ state: 'cancelled', lease_until: null, updated_at: now })
        .where('shop_id', '=', shopId)
        .where('order_ref', 'in', orderRefs)
        .where('state', '=', 'pending')
        .execute();

export { DAY_MS };
