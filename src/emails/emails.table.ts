import type { Generated, Insertable, Selectable } from 'kysely';

export interface EmailSettingsTable {
  shop_id: number;
  enabled: number;
  /** Days between fulfilment and the review request. */
  delay_days: number;
  /** Days between the request and its single reminder; null = no reminder. */
  reminder_days: number | null;
  /** Display name of the From address; "" = the shop's name. */
  sender_name: string;
  /** JSON array of product ids to ask about; [] = every product. */
  product_ids: string;
  /** Default language of emails and their pages when the order carries none (migration 1511). */
  language: Generated<string>;
  updated_at: number;
}

export type EmailJobState = 'pending' | 'sent' | 'cancelled' | 'suppressed' | 'failed';

/** A scheduled email: the worker claims due rows with a lease (architecture.md, Worker). */
export interface EmailJobsTable {
  id: Generated<number>;
  shop_id: number;
  /** orders.id */
  order_ref: number;
  kind: 'request' | 'reminder';
  /** The spec's email_type used for unsubscribe checks (endpoints.md §H1). */
  email_type: string;
  state: EmailJobState;
  run_at: number;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export type EmailSettingsRow = Selectable<EmailSettingsTable>;
export type EmailJobRow = Selectable<EmailJobsTable>;
export type NewEmailJobRow = Insertable<EmailJobsTable>;
