import type { Db } from '../db/database.ts';
import type { NewOrderRow, OrderRow, OrderUpdate } from './orders.table.ts';

export const findOrder = (db: Db, shopId: number, orderId: string): Promise<OrderRow | undefined> =>
  db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('order_id', '=', orderId).executeTakeFirst();

export const findOrderByRef = (db: Db, shopId: number, ref: number): Promise<OrderRow | undefined> =>
  db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', ref).executeTakeFirst();

export const insertOrderRow = (db: Db, row: NewOrderRow): Promise<OrderRow> => db.insertInto('orders').values(row).returningAll().executeTakeFirstOrThrow();

export const updateOrderRow = (db: Db, shopId: number, ref: number, set: OrderUpdate) => db.updateTable('orders').set(set).where('shop_id', '=', shopId).where('id', '=', ref).executeTakeFirst();

/** A shop's orders placed by one address, oldest first. */
export const ordersByCustomerEmail = (db: Db, shopId: number, email: string): Promise<OrderRow[]> =>
  db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('customer_email', '=', email).orderBy('id').execute();

/** Blanks the customer fields of these orders (the order itself stays). */
export async function eraseOrderCustomers(db: Db, shopId: number, refs: number[], now: number): Promise<void> {
  if (refs.length === 0) return;
  await db
    .updateTable('orders')
    .set({ customer_id: '', customer_email: '', customer_name: '', customer_first_name: '', customer_phone: '', updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', 'in', refs)
    .execute();
}

export interface OrderFilter {
  status?: number;
  sentFrom?: number;
  sentTo?: number;
  createdFrom?: number;
  createdTo?: number;
}

export async function listOrderRows(db: Db, shopId: number, filter: OrderFilter, window: { offset: number; limit: number; ascending: boolean }) {
  let query = db.selectFrom('orders').where('shop_id', '=', shopId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.sentFrom !== undefined) query = query.where('sent_at', '>=', filter.sentFrom);
  if (filter.sentTo !== undefined) query = query.where('sent_at', '<=', filter.sentTo);
  if (filter.createdFrom !== undefined) query = query.where('order_created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where('order_created_at', '<=', filter.createdTo);
  const direction = window.ascending ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('order_created_at', direction).orderBy('id', direction).offset(window.offset).limit(window.limit).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}

/** The locale of the newest order of an address that carries one ('' when none does). */
export async function latestLocaleOfCustomer(db: Db, shopId: number, email: string): Promise<string> {
  if (email === '') return '';
  const row = await db
    .selectFrom('orders')
    .select('locale')
    .where('shop_id', '=', shopId)
    .where('customer_email', '=', email)
    .where('locale', '!=', '')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.locale ?? '';
}
