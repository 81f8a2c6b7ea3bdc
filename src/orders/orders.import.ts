import { Value } from '@sinclair/typebox/value';
import type { Db } from '../db/database.ts';
import { ApiError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { EventSink } from '../events/events.ts';
import { orderFactsFrom, type OrderFacts } from './orders.input.ts';
import { PushOrder } from './orders.schemas.ts';
import { ingestOrder } from './orders.service.ts';

export interface ImportSummary {
  imported: number;
  updated: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
}

const BATCH = 200;
const CSV_COLUMNS = ['order_id', 'order_name', 'customer_id', 'customer_email', 'first_name', 'last_name', 'phone', 'product_ids', 'created_at', 'fulfilled_at', 'cancelled_at', 'locale'];

/** Records of a CSV text (RFC 4180: quoted fields, "" escapes, line breaks inside quotes) with their first line number. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f !== '')) records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  fields.push(field);
  if (fields.some((f) => f !== '')) records.push({ line: start, fields });
  return records;
}

/** CSV (header row naming CSV_COLUMNS) or JSON lines (each a push_orders order) → orders with line numbers. */
export type ImportRecord = { line: number; order?: unknown; error?: string };

export function importRecords(text: string, format: 'csv' | 'jsonl'): ImportRecord[] {
  if (format === 'jsonl') {
    return text.split(/\r?\n/).flatMap((raw, i): ImportRecord[] => {
      if (raw.trim() === '') return [];
      try {
        return [{ line: i + 1, order: JSON.parse(raw) as unknown }];
      } catch {
        return [{ line: i + 1, error: 'not valid JSON' }];
      }
    });
  }
  const [header, ...rows] = parseCsv(text);
  const names = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !CSV_COLUMNS.includes(n));
  if (!names.includes('order_id') || unknown.length > 0) {
    return [{ line: 1, error: `header must name order_id and only these columns: ${CSV_COLUMNS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}` }];
  }
  return rows.map(({ line, fields }) => {
    const get = (name: string) => (fields[names.indexOf(name)] ?? '').trim();
    const productIds = get('product_ids')
      .split(/[;|\s]+/)
      .filter(Boolean);
    const order = {
      order_id: get('order_id'),
      ...(get('order_name') ? { order_name: get('order_name') } : {}),
      customer: {
        ...(get('customer_id') ? { id: get('customer_id') } : {}),
        email: get('customer_email'),
        first_name: get('first_name'),
        last_name: get('last_name'),
        phone: get('phone'),
      },
      line_items: productIds.map((product_id) => ({ product_id })),
      ...(get('created_at') ? { created_at: get('created_at') } : {}),
      ...(get('fulfilled_at') ? { fulfilled_at: get('fulfilled_at') } : {}),
      ...(get('cancelled_at') ? { cancelled_at: get('cancelled_at') } : {}),
      ...(get('locale') ? { locale: get('locale') } : {}),
    };
    return { line, order };
  });
}

function factsOrReason(order: unknown): OrderFacts | string {
  if (!Value.Check(PushOrder, order)) {
    const error = Value.Errors(PushOrder, order).First();
    return `${error?.path.replace(/^\//, '').replace(/\//g, '.') || 'order'} ${error?.message ?? 'is not valid'}`;
  }
  try {
    return orderFactsFrom(order);
  } catch (error) {
    if (error instanceof ApiError) return error.message.replace(/^invalid argument: /, '');
    throw error;
  }
}

/** Imports every valid record (in transactions of 200) and reports what was rejected, by line. */
export async function importOrders(
  deps: { db: Db; clock: Clock; events: EventSink },
  shopId: number,
  records: { line: number; order?: unknown; error?: string }[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, updated: 0, skipped: 0, rejected: [] };
  const now = deps.clock.now();
  for (let i = 0; i < records.length; i += BATCH) {
    const valid: OrderFacts[] = [];
    for (const record of records.slice(i, i + BATCH)) {
      const facts = record.error ?? factsOrReason(record.order);
      if (typeof facts === 'string') summary.rejected.push({ line: record.line, reason: facts });
      else valid.push(facts);
    }
    await deps.db.transaction().execute(async (trx) => {
      for (const facts of valid) {
        const { result } = await ingestOrder(trx, shopId, facts, 'import', now, deps.events);
        if (result === 'created') summary.imported++;
        else if (result === 'updated') summary.updated++;
        else summary.skipped++;
      }
    });
    onProgress(Math.min(i + BATCH, records.length), records.length);
  }
  return summary;
}
