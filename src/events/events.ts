import type { Db } from '../db/database.ts';

/**
 * Domain events are emitted inside the transaction of the change that caused them
 * (a transactional outbox): a sink writes its rows (e.g. webhook deliveries) with the
 * same `trx`, so either the change and its events are saved, or neither is.
 */
export type EventTopic = 'review/created' | 'review/updated' | 'review/deleted' | 'customer_event/created';

export interface DomainEvent {
  shopId: number;
  topic: EventTopic;
  /** The entity in its wire shape (e.g. the spec's Review). */
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
