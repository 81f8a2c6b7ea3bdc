import { invalidArgument } from '../http/errors.ts';
import { parseWireTime } from '../lib/time.ts';
import { normaliseEmail } from '../customers/suppression.service.ts';
import type { LineItem } from './orders.table.ts';
import type { PushOrder } from './orders.schemas.ts';
import { normaliseIdentifiers, type ProductIdentifiers } from '../products/identifiers.ts';

/** An order as every intake (Shopify webhook, push endpoint, CLI import) reports it. */
export interface OrderFacts {
  order_id: string;
  order_name: string;
  customer_id: string;
  customer_email: string;
  customer_name: string;
  /** '' when not reported (optional for intakes that do not know it). */
  customer_first_name?: string;
  customer_phone: string;
  /** The shopper's language (BCP 47), '' or absent when not reported. */
  locale?: string;
  line_items: LineItem[];
  /** null = not reported (a new order then uses the time it arrived). */
  created_at: number | null;
  fulfilled_at: number | null;
  cancelled_at: number | null;
  /** Identifiers the order's lines reported for their products (Plaudit extension). */
  product_identifiers?: { product_id: string; title: string; identifiers: Partial<ProductIdentifiers> }[];
}

const stripZeros = (id: string) => id.replace(/^0+(?=\d)/, '');

/** Validates one pushed/imported order; errors name the field under `prefix` (e.g. `orders[2].`). */
export function orderFactsFrom(input: PushOrder, prefix = ''): OrderFacts {
  const time = (field: 'created_at' | 'fulfilled_at' | 'cancelled_at', text: string | null | undefined): number | null => {
    if (text === undefined || text === null || text === '') return null;
    const ms = parseWireTime(text);
    if (ms === null || ms < 0) throw invalidArgument(prefix + field, 'must be a time as "YYYY-MM-DD HH:MM:SS" or RFC 3339');
    return ms;
  };
  const orderId = stripZeros(String(input.order_id).trim());
  if (!/^[0-9]{1,20}$/.test(orderId) || orderId === '0') throw invalidArgument(prefix + 'order_id', 'must be a positive numeric order id');
  const customer = input.customer ?? {};
  const email = (customer.email ?? '').trim();
  const customerId = customer.id === undefined ? '' : stripZeros(String(customer.id));
  return {
    order_id: orderId,
    order_name: (input.order_name ?? '').trim() || `#${orderId}`,
    customer_id: customerId === '0' ? '' : customerId,
    customer_email: email === '' ? '' : normaliseEmail(prefix + 'customer.email', email),
    customer_name: [customer.first_name, customer.last_name]
      .map((p) => (p ?? '').trim())
      .filter(Boolean)
      .join(' '),
    customer_first_name: (customer.first_name ?? '').trim(),
    customer_phone: (customer.phone ?? '').trim(),
    locale: (input.locale ?? '').trim(),
    line_items: (input.line_items ?? []).map((item) => ({
      product_id: stripZeros(String(item.product_id)),
      title: (item.title ?? '').trim(),
      variant_title: (item.variant_title ?? '').trim(),
    })),
    created_at: time('created_at', input.created_at),
    fulfilled_at: time('fulfilled_at', input.fulfilled_at),
    cancelled_at: time('cancelled_at', input.cancelled_at),
    product_identifiers: (input.line_items ?? []).flatMap((item, i) => {
      const identifiers = normaliseIdentifiers(item, `${prefix}line_items[${i}].`);
      return Object.keys(identifiers).length === 0 ? [] : [{ product_id: stripZeros(String(item.product_id)), title: (item.title ?? '').trim(), identifiers }];
    }),
  };
}
