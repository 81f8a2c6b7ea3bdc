import type { EventSink } from '../events/events.ts';
import { updateOrderRow } from '../orders/orders.queries.ts';
import type { OrderEventData } from '../orders/orders.service.ts';
import { ORDER_STATUS } from '../orders/orders.table.ts';
import { cancelPendingEmails, scheduleReviewRequest } from './schedule.ts';

/**
 * Reacts to order events inside the order's transaction: a fulfilled order that is still
 * Waiting gets its review request scheduled (and moves to Scheduled); a cancelled or refunded
 * order loses its pending emails.
 */
export const reviewRequestEvents: EventSink = {
  async emit(trx, event) {
    if (event.type !== 'order.fulfilled' && event.type !== 'order.cancelled') return;
    const { order, fulfilledAt } = event.data as OrderEventData;
    if (event.type === 'order.cancelled') {
      await cancelPendingEmails(trx, order.shop_id, [order.id], event.occurredAt);
      return;
    }
    if (order.status !== ORDER_STATUS.waiting || fulfilledAt === undefined) return;
    const scheduled = await scheduleReviewRequest(trx, order, fulfilledAt, event.occurredAt);
    if (scheduled) await updateOrderRow(trx, order.shop_id, order.id, { ...scheduled, updated_at: event.occurredAt });
  },
};
