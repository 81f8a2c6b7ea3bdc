import type { Generated, Insertable, Selectable } from 'kysely';

export interface EmailSettingsTable {
  shop_id: number;
  enabled: number;
  /** Days between fulfilment and the review request. */
  delay_days: number;
  /** Days between the request and the first reminder; null = no reminders. */
  reminder_days: number | null;
  /** Days between the first and the second reminder; null = none. */
  reminder2_days: number | null;
  /** Days between the second and the third reminder; null = none. */
  reminder3_days: number | null;
  /** 1 = a reminder goes only to a shopper who opened or clicked the previous email. */
  remind_only_engaged: Generated<number>;
  /** Days a shopper's "not arrived yet" moves the rest of the sequence. */
  postpone_days: Generated<number>;
  /** Emails per UTC day for the shop; null = no cap. Emails over the cap wait for the next day. */
  daily_cap: number | null;
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
  /** Place in the sequence: 0 = the request, 1-3 = the reminders. */
  step: Generated<number>;
  /** The spec's email_type used for unsubscribe checks (endpoints.md §H1). */
  email_type: string;
  state: EmailJobState;
  run_at: number;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  sent_at: number | null;
  /** First open or click of this email (links carry the job id). */
  engaged_at: Generated<number | null>;
  created_at: number;
  updated_at: number;
}

export type EmailSettingsRow = Selectable<EmailSettingsTable>;
export type EmailJobRow = Selectable<EmailJobsTable>;
export type NewEmailJobRow = Insertable<EmailJobsTable>;
