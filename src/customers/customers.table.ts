import type { Generated, Insertable, Selectable } from 'kysely';

export interface CustomerEventsTable {
  id: Generated<number>;
  shop_id: number;
  event_type: string;
  os_type: string;
  event_source: string;
  customer_id: string;
  customer_email: string;
  review_id: string;
  product_id: string;
  page_url: string;
  /** JSON object of free-form details. */
  extra: string;
  created_at: number;
}

export interface EmailUnsubscribesTable {
  id: Generated<number>;
  shop_id: number;
  /** Lower-cased address. */
  email: string;
  /** A spec email_type, or `all`. */
  email_type: string;
  created_at: number;
}

export interface CustomerExclusionsTable {
  id: Generated<number>;
  shop_id: number;
  customer_id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  created_at: number;
  updated_at: number;
}

export type CustomerEventRow = Selectable<CustomerEventsTable>;
export type NewCustomerEventRow = Insertable<CustomerEventsTable>;
export type CustomerExclusionRow = Selectable<CustomerExclusionsTable>;
