import { Type, type Static } from '@sinclair/typebox';
import { IdInput, IdString, PagedList, PageQuery, WireTime } from '../http/schemas.ts';

export const Order = Type.Object(
  {
    id: IdString('internal record id'),
    order_id: IdString('store order id'),
    order_name: Type.String({ description: 'e.g. #1001' }),
    customer_name: Type.String(),
    customer_email: Type.String(),
    status: Type.Integer({ description: 'review-request status: 1 Waiting, 2 Scheduled, 3 Sent, 4 Opened, 5 Evaluated, 6 Cancelled' }),
    scheduled_at: Type.String({ description: 'when the review request is (or was) due, RFC 3339, or ""' }),
    sent_at: Type.String({ description: 'when the review request was sent, RFC 3339, or ""' }),
    created_at: Type.String({ description: 'order creation time, RFC 3339' }),
  },
  { description: 'An order and the state of its review request' },
);
export type Order = Static<typeof Order>;

const TimeFilter = (description: string) => Type.String({ maxLength: 40, description: `${description}; Unix seconds or "YYYY-MM-DD HH:MM:SS" (UTC); "" = no filter` });

export const GetOrdersQuery = Type.Object({
  type: Type.Optional(Type.String({ pattern: '^[0-6]?$', description: '0 All, 1 Waiting, 2 Scheduled, 3 Sent, 4 Opened, 5 Evaluated, 6 Cancelled' })),
  start_sent_at: Type.Optional(TimeFilter('review request sent at or after')),
  end_sent_at: Type.Optional(TimeFilter('review request sent at or before')),
  start_time: Type.Optional(TimeFilter('order created at or after')),
  end_time: Type.Optional(TimeFilter('order created at or before')),
  sort_by: Type.Optional(
    Type.Union([Type.Literal('created-ascending'), Type.Literal('created-descending'), Type.Literal('')], {
      description: 'by order creation time: created-ascending | created-descending (default)',
    }),
  ),
  ...PageQuery,
});
export type GetOrdersQuery = Static<typeof GetOrdersQuery>;

/** Plaudit extension: product identifiers carried by an order line are stored on the product (Google feed matching). */
const ProductIdentifierFields = {
  gtin: Type.Optional(
    Type.String({
      maxLength: 32,
      description: 'Plaudit extension: the product\'s GTIN-8/12/13/14 (digits; spaces and dashes allowed; the check digit must be valid, else code 3 naming the field); "" clears it',
    }),
  ),
  mpn: Type.Optional(Type.String({ maxLength: 70, description: 'Plaudit extension: manufacturer part number (useful with brand); "" clears it' })),
  sku: Type.Optional(Type.String({ maxLength: 100, description: 'Plaudit extension: the store\'s SKU; "" clears it' })),
  brand: Type.Optional(Type.String({ maxLength: 70, description: 'Plaudit extension: brand name; "" clears it' })),
};

const NullableTime = (description: string) => Type.Union([WireTime(description), Type.Null()], { description });

export const PushOrder = Type.Object({
  order_id: IdInput('store order id; orders are idempotent by (shop, order_id)'),
  order_name: Type.Optional(Type.String({ maxLength: 64, description: 'display name, e.g. #1001' })),
  customer: Type.Optional(
    Type.Object(
      {
        id: Type.Optional(IdInput('store customer id')),
        email: Type.Optional(Type.String({ maxLength: 254, description: 'where the review request goes' })),
        first_name: Type.Optional(Type.String({ maxLength: 100 })),
        last_name: Type.Optional(Type.String({ maxLength: 100 })),
        phone: Type.Optional(Type.String({ maxLength: 40 })),
      },
      { description: 'the shopper' },
    ),
  ),
  line_items: Type.Optional(
    Type.Array(
      Type.Object({
        product_id: IdInput('store product id'),
        title: Type.Optional(Type.String({ maxLength: 255, description: 'product title' })),
        variant_title: Type.Optional(Type.String({ maxLength: 255, description: 'variant, e.g. Red / L' })),
        ...ProductIdentifierFields,
      }),
      { maxItems: 250, description: 'the products bought' },
    ),
  ),
  locale: Type.Optional(
    Type.String({
      maxLength: 35,
      pattern: '^([A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*)?$',
      description: "Plaudit extension: the shopper's language (BCP 47, e.g. fr or pt-BR); review-request emails and their pages use it when supported, else the shop's default language",
    }),
  ),
  created_at: Type.Optional(WireTime('order creation time (default: now)')),
  fulfilled_at: Type.Optional(NullableTime('fulfilment time; setting it schedules the review request')),
  cancelled_at: Type.Optional(NullableTime('cancellation or refund time; setting it cancels a pending review request')),
});
export type PushOrder = Static<typeof PushOrder>;

export const PushOrdersBody = Type.Object({
  orders: Type.Array(PushOrder, { minItems: 1, maxItems: 100, description: '1-100 orders, applied all or nothing' }),
});
export type PushOrdersBody = Static<typeof PushOrdersBody>;

export const PushOrdersResult = Type.Object({
  created: Type.Integer({ description: 'orders that were new' }),
  updated: Type.Integer({ description: 'known orders that changed' }),
  unchanged: Type.Integer({ description: 'known orders sent again without changes' }),
  list: Type.Array(Order, { description: 'the orders as stored, in request order' }),
});

export const OrderList = PagedList(Order);
