import type { Generated, Insertable, Selectable } from 'kysely';

/** A partner's subscription of one URL to one topic (spec webhooks.md §1). */
export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  shop_id: number;
  /** 0 = owned by the shop's own HMAC integration; otherwise the OAuth platform that created it. */
  platform_id: number;
  topic: string;
  url: string;
  status: 'enabled' | 'disabled';
  /** Why the subscription was disabled (410, long failure, operator), null while enabled. */
  disabled_reason: string | null;
  /** 1 = any 2xx answer counts as success (default: HTTP 200 with `{"code":0}`). */
  accept_plain_2xx: number;
  /** Time of the first failed attempt since the last success; null while healthy. */
  failing_since: number | null;
  /** Deliveries dropped in a row after their last attempt; reset by a success. */
  dropped_in_a_row: number;
  created_at: number;
  updated_at: number;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';

/** One event for one subscription: the outbox row the worker claims, sends and reschedules. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  shop_id: number;
  subscription_id: number;
  /** Stable message id: `Open-Trustoo-Webhook-RequestId` and `webhook-id`, the same on every retry. */
  message_id: string;
  topic: string;
  /** The exact JSON body, fixed when the event happened. */
  payload: string;
  status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** Due time while pending; while claimed, the end of the claim's lease. */
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_response_code: number | null;
  last_error: string | null;
  created_at: number;
  completed_at: number | null;
}

/** Every HTTP attempt, for the merchant and the operator to inspect. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  shop_id: number;
  attempt_no: number;
  started_at: number;
  duration_ms: number;
  outcome: 'succeeded' | 'failed';
  response_code: number | null;
  error: string | null;
  /** The first 1 KB of the response body. */
  response_excerpt: string;
}

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type NewWebhookSubscriptionRow = Insertable<WebhookSubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type NewWebhookDeliveryRow = Insertable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
export type NewWebhookAttemptRow = Insertable<WebhookAttemptsTable>;
