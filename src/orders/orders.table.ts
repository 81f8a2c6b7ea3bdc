import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Review-request status of an order, numbered as the spec's `type` filter (endpoints.md §F1). */
export const ORDER_STATUS = { waiting: 1, scheduled: 2, sent: 3, opened: 4, evaluated: 5, cancelled: 6 } as const;

export interface LineItem {
  product_id: string;
  title: string;
  variant_title: string;
}

export interface OrdersTable {
  id: Generated<number>;
  shop_id: number;
  /** The store's order id (decimal string); unique per shop. */
  order_id: string;
  order_name: string;
  customer_id: string;
  customer_email: string;
  customer_name: string;
  customer_phone: string;
  /** JSON array of LineItem. */
  line_items: string;
  status: number;
  /** shopify | api | import */
  source: string;
  order_created_at: number;
  fulfilled_at: number | null;
  cancelled_at: number | null;
  scheduled_at: number | null;
  sent_at: number | null;
  opened_at: number | null;
  /** The first followed link of a review-request email (migration 1710); a click implies an open. */
  clicked_at: number | null;
  evaluated_at: number | null;
  /** The shopper's language reported by the intake (BCP 47), '' when none (migration 1510). */
  locale: Generated<string>;
  /** The shopper's first name as reported ('' when none); customer_name holds the whole name. */
  customer_first_name: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface ShopifyConnectionsTable {
  shop_id: number;
  /** The Shopify app's API secret (webhook HMAC key), sealed with the server key. */
  app_secret_sealed: string;
  created_at: number;
  updated_at: number;
}

export interface ShopifyWebhookReceiptsTable {
  id: Generated<number>;
  shop_id: number;
  webhook_id: string;
  topic: string;
  received_at: number;
  /** SHA-256 (hex) of the signed body; null on receipts from before migration 1042. */
  body_digest: string | null;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrderRow = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
