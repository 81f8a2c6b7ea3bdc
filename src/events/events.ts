import type { Db } from '../db/database.ts';

/**
 * Domain events are emitted inside the transaction of the change that caused them
 * (a transactional outbox): a sink writes its rows (e.g. webhook deliveries) with the
 * same `trx`, so either the change and its events are saved, or neither is.
 *
 * They say what happened inside Plaudit; each subscriber decides what that means to it.
 * Only the webhooks feature knows the spec's public topics (webhooks.events.ts maps them).
 */
export type DomainEventType =
  | 'review.created'
  /** Its content changed (e.g. the author was anonymised). */
  | 'review.updated'
  /** A hidden review is shown again. */
  | 'review.published'
  /** A published review is hidden: it still exists, with its media. */
  | 'review.hidden'
  /** The review is gone. */
  | 'review.deleted'
  | 'customer_event.created'
  /** An order became fulfilled (data: `OrderEventData`): the emails feature may ask for a review. */
  | 'order.fulfilled'
  /** An order was cancelled or refunded (data: `OrderEventData`): pending emails stop. */
  | 'order.cancelled'
  /** A shopper asked a question (data: the partner Question). */
  | 'question.created'
  /** A question got an answer (data: the partner Question with its answers). */
  | 'question.answered';

export interface DomainEvent {
  shopId: number;
  type: DomainEventType;
  /** The entity: in its wire shape (e.g. the spec's Review), or for orders the stored row. */
  data: unknown;
  occurredAt: number;
}

export interface EventSink {
  emit(trx: Db, event: DomainEvent): Promise<void>;
}

/** Used until a feature (webhooks) subscribes to events. */
export const discardEvents: EventSink = { emit: async () => {} };

/** Fans one event out to several sinks, in order, in the same transaction. */
export const allSinks = (sinks: EventSink[]): EventSink => ({
  async emit(trx, event) {
    for (const sink of sinks) await sink.emit(trx, event);
  },
});
