import type { Db } from '../db/database.ts';
import type { EventSink } from '../events/events.ts';
import { invalidArgument } from '../http/errors.ts';
import { pageInfo, pageWindow } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import { idString } from '../lib/ids.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { insertCustomerEvent, listCustomerEventRows } from './customers.queries.ts';
import type { CustomerEventRow } from './customers.table.ts';
import type { CustomerEvent, GetCustomerEventsQuery } from './customers.schemas.ts';

export interface CustomerEventDeps {
  db: Db;
  clock: Clock;
  events: EventSink;
}

/** What an emitter reports: the storefront widget (later) or this feature's email tracking. */
export interface CustomerEventInput {
  event_type: string;
  event_source: string;
  os_type?: string;
  customer_id?: string;
  customer_email?: string;
  review_id?: string;
  product_id?: string;
  page_url?: string;
  extra?: Record<string, unknown>;
}

const TOKEN = /^[A-Z][A-Z0-9_]{0,63}$/;
const NUMERIC_ID = /^[0-9]{1,20}$/;
const MAX_EXTRA_BYTES = 4096;

/** Stores one event and emits `customer_event/created`, in one transaction. */
export async function recordCustomerEvent(deps: CustomerEventDeps, shopId: number, event: CustomerEventInput): Promise<CustomerEvent> {
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => appendCustomerEvent(trx, deps.events, shopId, event, now));
}

/** The same, inside a caller's transaction (email tracking records events with the status change). */
export async function appendCustomerEvent(trx: Db, events: EventSink, shopId: number, event: CustomerEventInput, now: number): Promise<CustomerEvent> {
  const row = await insertCustomerEvent(trx, { shop_id: shopId, ...checkedEvent(event), created_at: now });
  const wire = toCustomerEvent(row);
  await events.emit(trx, { shopId, type: 'customer_event.created', data: wire, occurredAt: now });
  return wire;
}

/** Many events in one statement (the email sender records a whole batch), each emitted. */
export async function appendCustomerEvents(trx: Db, events: EventSink, items: { shopId: number; event: CustomerEventInput }[], now: number): Promise<void> {
  if (items.length === 0) return;
  const rows = await trx
    .insertInto('customer_events')
    .values(items.map(({ shopId, event }) => ({ shop_id: shopId, ...checkedEvent(event), created_at: now })))
    .returningAll()
    .execute();
  for (const row of rows) await events.emit(trx, { shopId: row.shop_id, type: 'customer_event.created', data: toCustomerEvent(row), occurredAt: now });
}

function checkedEvent(event: CustomerEventInput) {
  const token = (field: string, value: string | undefined, required: boolean) => {
    const v = (value ?? '').trim().toUpperCase();
    if ((required || v !== '') && !TOKEN.test(v)) throw invalidArgument(field, 'must be an upper-case token such as CLICK_MEDIA');
    return v;
  };
  const id = (field: string, value: string | undefined) => {
    const v = (value ?? '').trim();
    if (v !== '' && !NUMERIC_ID.test(v)) throw invalidArgument(field, 'must be a numeric id');
    return v;
  };
  const pageUrl = (event.page_url ?? '').trim();
  if (pageUrl !== '' && (pageUrl.length > 2048 || !/^https?:\/\/\S+$/i.test(pageUrl))) throw invalidArgument('page_url', 'must be an http(s) URL');
  const email = (event.customer_email ?? '').trim().toLowerCase();
  if (email.length > 254) throw invalidArgument('customer_email', 'is too long');
  const extra = JSON.stringify(event.extra ?? {});
  if (Buffer.byteLength(extra) > MAX_EXTRA_BYTES) throw invalidArgument('extra', `must be at most ${MAX_EXTRA_BYTES} bytes of JSON`);
  return {
    event_type: token('event_type', event.event_type, true),
    event_source: token('event_source', event.event_source, true),
    os_type: token('os_type', event.os_type, false),
    customer_id: id('customer_id', event.customer_id),
    customer_email: email,
    review_id: id('review_id', event.review_id),
    product_id: id('product_id', event.product_id),
    page_url: pageUrl,
    extra,
  };
}

export function toCustomerEvent(row: CustomerEventRow): CustomerEvent {
  return {
    id: idString(row.id),
    event_type: row.event_type,
    os_type: row.os_type,
    event_source: row.event_source,
    customer_id: row.customer_id,
    customer_email: row.customer_email,
    review_id: row.review_id,
    product_id: row.product_id,
    page_url: row.page_url,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    created_at: formatRfc3339(row.created_at),
  };
}

export async function listCustomerEvents(deps: { db: Db }, shopId: number, query: GetCustomerEventsQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const { rows, count } = await listCustomerEventRows(
    deps.db,
    shopId,
    { eventType: query.event_type || undefined, osType: query.os_type || undefined, eventSource: query.event_source || undefined },
    { offset, limit: pageSize, ascending: query.sort_by === 'created-ascending' },
  );
  return { page: pageInfo(page, pageSize, count), list: rows.map(toCustomerEvent) };
}

/** The os_type of a User-Agent, for email opens and clicks. */
export function osTypeOf(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  if (/iPhone|iPad|iPod/i.test(ua)) return 'IOS';
  if (/Android/i.test(ua)) return 'ANDROID';
  if (/Windows/i.test(ua)) return 'WINDOWS';
  if (/Mac OS X|Macintosh/i.test(ua)) return 'MACOS';
  if (/Linux|X11/i.test(ua)) return 'LINUX';
  return ua === '' ? '' : 'OTHER';
}
