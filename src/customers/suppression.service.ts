import type { Db } from '../db/database.ts';
import { alreadyExists, invalidArgument, notFound } from '../http/errors.ts';
import { pageInfo, pageWindow } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { deleteExclusionRows, exclusionsAmong, insertExclusion, insertUnsubscribe, listExclusionRows, unsubscribedAmong } from './customers.queries.ts';
import type { CustomerExclusionRow } from './customers.table.ts';
import type { CustomerExclusion, EmailUnsubscribeBody, ExclusionTarget, GetExclusionsQuery } from './customers.schemas.ts';

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

export function normaliseEmail(field: string, raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw invalidArgument(field, 'must be an email address');
  return email;
}

/** Idempotent: unsubscribing twice leaves one row. */
export async function unsubscribeEmail(deps: { db: Db; clock: Clock }, shopId: number, body: EmailUnsubscribeBody): Promise<void> {
  await insertUnsubscribe(deps.db, shopId, normaliseEmail('email', body.email), body.email_type, deps.clock.now());
}

/** Exactly one of email / customer_id. */
function targetOf(body: ExclusionTarget): { email: string; customerId: string } {
  const hasEmail = body.email !== undefined && body.email.trim() !== '';
  const hasId = body.customer_id !== undefined && String(body.customer_id).trim() !== '';
  if (hasEmail === hasId) throw invalidArgument('email', 'or customer_id is required, but not both');
  return hasEmail ? { email: normaliseEmail('email', body.email!), customerId: '' } : { email: '', customerId: String(body.customer_id).replace(/^0+(?=\d)/, '') };
}

/** Puts a customer on the exclusion list, filling names and phone from their latest order when one is known. */
export async function createExclusion(deps: { db: Db; clock: Clock }, shopId: number, body: ExclusionTarget): Promise<CustomerExclusion> {
  const target = targetOf(body);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const existing = await exclusionsAmong(trx, shopId, [target.email], [target.customerId]);
    if (existing.length > 0) throw alreadyExists('customer exclusion');
    const known = await latestOrderOf(trx, shopId, target);
    const [first, ...rest] = (known?.customer_name ?? '').split(' ');
    const row = await insertExclusion(trx, {
      shop_id: shopId,
      customer_id: target.customerId || known?.customer_id || '',
      email: target.email || known?.customer_email || '',
      first_name: first ?? '',
      last_name: rest.join(' '),
      phone: known?.customer_phone ?? '',
      created_at: now,
      updated_at: now,
    });
    return toExclusion(row);
  });
}

export async function deleteExclusion(deps: { db: Db }, shopId: number, body: ExclusionTarget): Promise<void> {
  const target = targetOf(body);
  const rows = await exclusionsAmong(deps.db, shopId, [target.email], [target.customerId]);
  if (rows.length === 0) throw notFound('customer exclusion');
  await deleteExclusionRows(
    deps.db,
    shopId,
    rows.map((r) => r.id),
  );
}

export async function listExclusions(deps: { db: Db }, shopId: number, query: GetExclusionsQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const email = query.email?.trim() ? normaliseEmail('email', query.email) : undefined;
  const { rows, count } = await listExclusionRows(
    deps.db,
    shopId,
    { email, customerId: query.customer_id?.replace(/^0+(?=\d)/, '') || undefined },
    { offset, limit: pageSize, ascending: query.sort_by === 'created-ascending' },
  );
  return { page: pageInfo(page, pageSize, count), list: rows.map(toExclusion) };
}

/** Which of these recipients must not get an email of this type (unsubscribed, or excluded). */
export async function suppressedRecipients(
  db: Db,
  shopId: number,
  recipients: { email: string; customerId: string }[],
  emailType: string,
): Promise<(r: { email: string; customerId: string }) => boolean> {
  const emails = [...new Set(recipients.map((r) => r.email))];
  const unsubscribed = await unsubscribedAmong(db, shopId, emails, emailType);
  const excluded = await exclusionsAmong(
    db,
    shopId,
    emails,
    recipients.map((r) => r.customerId),
  );
  const excludedEmails = new Set(excluded.map((e) => e.email).filter(Boolean));
  const excludedIds = new Set(excluded.map((e) => e.customer_id).filter(Boolean));
  return (r) => unsubscribed.has(r.email) || excludedEmails.has(r.email) || (r.customerId !== '' && excludedIds.has(r.customerId));
}

const latestOrderOf = (db: Db, shopId: number, target: { email: string; customerId: string }) =>
  db
    .selectFrom('orders')
    .select(['customer_id', 'customer_email', 'customer_name', 'customer_phone'])
    .where('shop_id', '=', shopId)
    .where(target.email ? 'customer_email' : 'customer_id', '=', target.email || target.customerId)
    .orderBy('order_created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

function toExclusion(row: CustomerExclusionRow): CustomerExclusion {
  return {
    customer_id: row.customer_id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    phone: row.phone,
    created_at: formatRfc3339(row.created_at),
    updated_at: formatRfc3339(row.updated_at),
  };
}
