import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import { pageInfo, pageWindow } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import { idString } from '../lib/ids.ts';
import { formatRfc3339, parseWireTime } from '../lib/time.ts';
import type { EventSink } from '../events/events.ts';
import { orderFactsFrom, type OrderFacts } from './orders.input.ts';
import { setProductIdentifiers } from '../products/products.queries.ts';
import { findOrder, insertOrderRow, listOrderRows, updateOrderRow } from './orders.queries.ts';
import { ORDER_STATUS, type OrderRow, type OrderUpdate } from './orders.table.ts';
import type { GetOrdersQuery, Order, PushOrdersBody } from './orders.schemas.ts';

export type IngestResult = 'created' | 'updated' | 'unchanged';

/** The data of order.fulfilled and order.cancelled: the order as stored before the change. */
export interface OrderEventData {
  order: OrderRow;
  fulfilledAt?: number;
}

/**
 * Records an order idempotently by (shop, order_id), inside the caller's transaction.
 * Fulfilment emits order.fulfilled once (the emails feature schedules the review request and
 * moves the order to Scheduled); cancellation (or refund) emits order.cancelled.
 */
export async function ingestOrder(trx: Db, shopId: number, facts: OrderFacts, source: string, now: number, events: EventSink): Promise<{ result: IngestResult; row: OrderRow }> {
  const existing = await findOrder(trx, shopId, facts.order_id);
  const data = {
    order_name: facts.order_name,
    customer_id: facts.customer_id,
    customer_email: facts.customer_email,
    customer_name: facts.customer_name,
    customer_phone: facts.customer_phone,
    customer_first_name: facts.customer_first_name ?? '',
    locale: facts.locale ?? '',
    line_items: JSON.stringify(facts.line_items),
    order_created_at: facts.created_at ?? 0,
  };
  let row = existing;
  let result: IngestResult = 'unchanged';
  if (!row) {
    row = await insertOrderRow(trx, {
      shop_id: shopId,
      order_id: facts.order_id,
      ...data,
      order_created_at: facts.created_at ?? now,
      status: ORDER_STATUS.waiting,
      source,
      fulfilled_at: null,
      cancelled_at: null,
      scheduled_at: null,
      sent_at: null,
      opened_at: null,
      clicked_at: null,
      evaluated_at: null,
      created_at: now,
      updated_at: now,
    });
    result = 'created';
  } else {
    // A partial report (e.g. a fulfilment without customer details) keeps what is known.
    const set: OrderUpdate = {};
    for (const [key, value] of Object.entries(data) as [keyof typeof data, string | number][]) {
      const blank = value === '' || value === 0 || (key === 'line_items' && value === '[]');
      if (!blank && row[key] !== value) Object.assign(set, { [key]: value });
    }
    if (Object.keys(set).length > 0) {
      await updateOrderRow(trx, shopId, row.id, { ...set, updated_at: now });
      row = { ...row, ...set, updated_at: now } as OrderRow;
      result = 'updated';
    }
  }

  for (const line of facts.product_identifiers ?? []) {
    if (/^[1-9][0-9]{0,19}$/.test(line.product_id)) await setProductIdentifiers(trx, shopId, line.product_id, line.title, line.identifiers, now);
  }
  const change = statusChange(row, facts);
  if (change) {
    await updateOrderRow(trx, shopId, row.id, { ...change.update, updated_at: now });
    const data: OrderEventData = { order: row, ...(change.type === 'order.fulfilled' ? { fulfilledAt: facts.fulfilled_at! } : {}) };
    await events.emit(trx, { shopId, type: change.type, data, occurredAt: now });
    // A subscriber may have moved the order on (fulfilled → Scheduled).
    row = change.type === 'order.fulfilled' ? (await findOrder(trx, shopId, row.order_id))! : { ...row, ...change.update, updated_at: now };
    if (result === 'unchanged') result = 'updated';
  }
  return { result, row };
}

function statusChange(row: OrderRow, facts: OrderFacts): { type: 'order.fulfilled' | 'order.cancelled'; update: OrderUpdate } | null {
  if (facts.cancelled_at !== null && row.cancelled_at === null) {
    const final = row.status === ORDER_STATUS.evaluated || row.status === ORDER_STATUS.cancelled;
    return { type: 'order.cancelled', update: { cancelled_at: facts.cancelled_at, ...(final ? {} : { status: ORDER_STATUS.cancelled }) } };
  }
  if (facts.fulfilled_at !== null && row.fulfilled_at === null && row.cancelled_at === null) {
    return { type: 'order.fulfilled', update: { fulfilled_at: facts.fulfilled_at } };
  }
  return null;
}

/** The push endpoint: every order is checked first, then all are written in one transaction. */
export async function pushOrders(deps: { db: Db; clock: Clock; events: EventSink }, shopId: number, body: PushOrdersBody) {
  const now = deps.clock.now();
  const facts = body.orders.map((order, i) => orderFactsFrom(order, `orders[${i}].`));
  return deps.db.transaction().execute(async (trx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const list: Order[] = [];
    for (const order of facts) {
      const { result, row } = await ingestOrder(trx, shopId, order, 'api', now, deps.events);
      counts[result] += 1;
      list.push(toOrder(row));
    }
    return { ...counts, list };
  });
}

export async function listOrders(deps: { db: Db }, shopId: number, query: GetOrdersQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const type = query.type ? Number(query.type) : 0;
  const { rows, count } = await listOrderRows(
    deps.db,
    shopId,
    {
      status: type === 0 ? undefined : type,
      sentFrom: timeFilter('start_sent_at', query.start_sent_at),
      sentTo: timeFilter('end_sent_at', query.end_sent_at),
      createdFrom: timeFilter('start_time', query.start_time),
      createdTo: timeFilter('end_time', query.end_time),
    },
    { offset, limit: pageSize, ascending: query.sort_by === 'created-ascending' },
  );
  return { page: pageInfo(page, pageSize, count), list: rows.map(toOrder) };
}

/** Unix seconds or a wire time; "" is no filter. */
function timeFilter(field: string, text: string | undefined): number | undefined {
  const value = (text ?? '').trim();
  if (value === '') return undefined;
  if (/^[0-9]{1,12}$/.test(value)) return Number(value) * 1000;
  const ms = parseWireTime(value);
  if (ms === null) throw invalidArgument(field, 'must be Unix seconds or "YYYY-MM-DD HH:MM:SS"');
  return ms;
}

export function toOrder(row: OrderRow): Order {
  return {
    id: idString(row.id),
    order_id: row.order_id,
    order_name: row.order_name,
    customer_name: row.customer_name,
    customer_email: row.customer_email,
    status: row.status,
    scheduled_at: row.scheduled_at === null ? '' : formatRfc3339(row.scheduled_at),
    sent_at: row.sent_at === null ? '' : formatRfc3339(row.sent_at),
    created_at: formatRfc3339(row.order_created_at),
  };
}
