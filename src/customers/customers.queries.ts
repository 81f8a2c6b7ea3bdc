import type { Db } from '../db/database.ts';
import type { CustomerEventRow, CustomerExclusionRow, NewCustomerEventRow } from './customers.table.ts';

export async function insertCustomerEvent(db: Db, row: NewCustomerEventRow): Promise<CustomerEventRow> {
  return db.insertInto('customer_events').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A shop's customer events of one address or of any of these customer ids, oldest first. */
export const customerEventsOf = (db: Db, shopId: number, email: string, customerIds: string[]): Promise<CustomerEventRow[]> =>
  db
    .selectFrom('customer_events')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb('customer_email', '=', email), ...(customerIds.length ? [eb('customer_id', 'in', customerIds)] : [])]))
    .orderBy('id')
    .execute();

export async function deleteCustomerEvents(db: Db, shopId: number, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('customer_events').where('shop_id', '=', shopId).where('id', 'in', ids).execute();
}

export interface EventFilter {
  eventType?: string;
  osType?: string;
  eventSource?: string;
}

export async function listCustomerEventRows(db: Db, shopId: number, filter: EventFilter, window: { offset: number; limit: number; ascending: boolean }) {
  let query = db.selectFrom('customer_events').where('shop_id', '=', shopId);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  if (filter.osType) query = query.where('os_type', '=', filter.osType);
  if (filter.eventSource) query = query.where('event_source', '=', filter.eventSource);
  const direction = window.ascending ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', direction).orderBy('id', direction).offset(window.offset).limit(window.limit).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}

export async function insertUnsubscribe(db: Db, shopId: number, email: string, emailType: string, now: number): Promise<void> {
  await db
    .insertInto('email_unsubscribes')
    .values({ shop_id: shopId, email, email_type: emailType, created_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'email', 'email_type']).doNothing())
    .execute();
}

/** The addresses among `emails` unsubscribed from `emailType` or from `all`. */
export async function unsubscribedAmong(db: Db, shopId: number, emails: string[], emailType: string): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.selectFrom('email_unsubscribes').select('email').where('shop_id', '=', shopId).where('email', 'in', emails).where('email_type', 'in', [emailType, 'all']).execute();
  return new Set(rows.map((r) => r.email));
}

/** Exclusion rows matching any of these emails or customer ids. */
export async function exclusionsAmong(db: Db, shopId: number, emails: string[], customerIds: string[]): Promise<CustomerExclusionRow[]> {
  const emailList = emails.filter((e) => e !== '');
  const idList = customerIds.filter((c) => c !== '');
  if (emailList.length === 0 && idList.length === 0) return [];
  return db
    .selectFrom('customer_exclusions')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([...(emailList.length > 0 ? [eb('email', 'in', emailList)] : []), ...(idList.length > 0 ? [eb('customer_id', 'in', idList)] : [])]))
    .execute();
}

export const insertExclusion = (db: Db, row: Omit<CustomerExclusionRow, 'id'>) => db.insertInto('customer_exclusions').values(row).returningAll().executeTakeFirstOrThrow();

export const deleteExclusionRows = (db: Db, shopId: number, ids: number[]) => db.deleteFrom('customer_exclusions').where('shop_id', '=', shopId).where('id', 'in', ids).executeTakeFirst();

export async function listExclusionRows(db: Db, shopId: number, filter: { email?: string; customerId?: string }, window: { offset: number; limit: number; ascending: boolean }) {
  let query = db.selectFrom('customer_exclusions').where('shop_id', '=', shopId);
  if (filter.email) query = query.where('email', '=', filter.email);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const direction = window.ascending ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', direction).orderBy('id', direction).offset(window.offset).limit(window.limit).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}
