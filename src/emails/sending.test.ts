import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp } from '../../test/helpers.ts';
import { updateEmailSettings } from './settings.service.ts';
import { claimDueJobs } from './jobs.queries.ts';
import { DAY, emailTestApp, linksOf, listen } from './emails.testkit.ts';

const order = (id: number, email: string, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  customer: { id: 500 + id, email, first_name: 'Bo' },
  line_items: [{ product_id: 10, title: 'Mug' }],
  fulfilled_at: '2026-06-01 12:00:00',
  ...extra,
});
const recipients = (messages: { to?: unknown }[]) => messages.map((m) => JSON.stringify(m.to).match(/"address":"([^"]+)"/)?.[1]).sort();

test('one-click unsubscribe (RFC 8058 POST) stops the reminder and every later request to that address', async (t) => {
  const { app, shopA, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { reminder_days: 2 });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'quit@example.com')] } });
  clock.advance(7 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 1);
  const get = await listen(app);
  const link = linksOf(smtp.messages[0]!).unsubscribe;
  const page = await get(link);
  assert.match(await page.text(), /Stop review-request emails from shop-a\.myshopify\.com to quit@example\.com\?/);
  const oneClick = await get(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(oneClick.status, 200);
  assert.equal((await get(link, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' })).status, 200, 'idempotent');

  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(2, 'QUIT@example.com', { fulfilled_at: '2026-06-08 12:00:00' })] } });
  clock.advance(30 * DAY);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 1, 'no reminder and no new request');
  const orders = await shopA.client.call<{ list: { order_id: string; status: number }[] }>('GET', 'get_orders', { query: { sort_by: 'created-ascending' } });
  assert.deepEqual(
    orders.data.list.map((o) => [o.order_id, o.status]),
    [
      ['1', 3],
      ['2', 6],
    ],
  );
  const rows = await database.db.selectFrom('email_jobs').select(['kind', 'state']).orderBy('id').execute();
  assert.deepEqual(rows, [
    { kind: 'request', state: 'sent' },
    { kind: 'reminder', state: 'suppressed' },
    { kind: 'request', state: 'suppressed' },
  ]);
});

test('suppression: unsubscribed from review_request or all, or excluded by email or customer id → nothing sent; other types do not suppress', async (t) => {
  const { shopA, shopB, clock, worker, smtp, database } = await emailTestApp(t);
  await updateEmailSettings({ db: database.db, clock }, shopA.shopId, { reminder_days: 1 });
  const call = (endpoint: string, body: unknown) => shopA.client.call('POST', endpoint, { body });
  assert.equal((await call('email_unsubscribe', { email: 'a@example.com', email_type: 'review_request' })).code, 0);
  assert.equal((await call('email_unsubscribe', { email: 'b@example.com', email_type: 'all' })).code, 0);
  assert.equal((await call('create_customer_exclude', { email: 'c@example.com' })).code, 0);
  assert.equal((await call('create_customer_exclude', { customer_id: 504 })).code, 0);
  assert.equal((await call('email_unsubscribe', { email: 'e@example.com', email_type: 'market_email' })).code, 0);
  // Shop B's suppression list does not touch shop A's shoppers.
  assert.equal((await shopB.client.call('POST', 'email_unsubscribe', { body: { email: 'f@example.com', email_type: 'all' } })).code, 0);
  const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com', 'f@example.com'];
  await call('push_orders', { orders: emails.map((email, i) => order(i + 1, email)) });
  clock.advance(7 * DAY);
  await worker.runOnce();
  assert.deepEqual(recipients(smtp.messages), ['e@example.com', 'f@example.com']);
  // The reminder is the other email this feature sends: same rules.
  await call('email_unsubscribe', { email: 'e@example.com', email_type: 'review_request' });
  clock.advance(DAY);
  await worker.runOnce();
  assert.deepEqual(recipients(smtp.messages.slice(2)), ['f@example.com']);
});

test('a cancelled or refunded order cancels its pending request', async (t) => {
  const { shopA, clock, worker, smtp } = await emailTestApp(t);
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'x@example.com'), order(2, 'y@example.com')] } });
  const res = await shopA.client.call<{ list: { status: number }[] }>('POST', 'push_orders', { body: { orders: [{ order_id: 1, cancelled_at: '2026-06-02 00:00:00' }] } });
  assert.equal(res.data.list[0]!.status, 6);
  clock.advance(8 * DAY);
  await worker.runOnce();
  assert.deepEqual(recipients(smtp.messages), ['y@example.com']);
});

test('an SMTP refusal is retried with backoff, then given up after 5 attempts', async (t) => {
  let refuse = true;
  const { shopA, clock, worker, smtp, database } = await emailTestApp(t, {}, { reject: () => refuse });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'x@example.com'), order(2, 'y@example.com')] } });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const job = () => database.db.selectFrom('email_jobs').select(['state', 'attempts', 'run_at', 'last_error']).where('order_ref', '=', 1).executeTakeFirstOrThrow();
  assert.deepEqual({ ...(await job()), last_error: '' }, { state: 'pending', attempts: 1, run_at: clock.now() + 60_000, last_error: '' });
  assert.match((await job()).last_error, /mailbox unavailable/);
  refuse = false;
  await worker.runOnce();
  assert.equal(smtp.messages.length, 0, 'not before the backoff');
  clock.advance(60_000);
  await worker.runOnce();
  assert.equal(smtp.messages.length, 2);
  assert.equal((await job()).state, 'sent');

  refuse = true;
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(3, 'z@example.com', { fulfilled_at: '2026-06-08 12:01:00' })] } });
  for (let i = 0; i < 6; i++) {
    clock.advance(7 * DAY);
    await worker.runOnce();
  }
  const failed = await database.db.selectFrom('email_jobs').select(['state', 'attempts']).where('order_ref', '=', 3).executeTakeFirstOrThrow();
  assert.deepEqual(failed, { state: 'failed', attempts: 5 });
});

test('without SMTP_URL emails are written as .eml files under DATA_DIR/outbox', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-outbox-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const { shopA, clock, worker, config } = await buildTestApp(t, { env: { DATA_DIR: dataDir } });
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'file@example.com')] } });
  clock.advance(7 * DAY);
  await worker.runOnce();
  const outbox = join(config.dataDir, 'outbox');
  const files = readdirSync(outbox);
  assert.equal(files.length, 1);
  assert.match(files[0]!, /\.eml$/);
  const eml = readFileSync(join(outbox, files[0]!), 'utf8');
  assert.match(eml, /^To: file@example\.com\r$/m);
  assert.match(eml, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
});

test('a claimed job is leased: another round skips it until the lease (5 minutes) runs out, then it is sent once', async (t) => {
  const { shopA, clock, worker, smtp, database } = await emailTestApp(t);
  await shopA.client.call('POST', 'push_orders', { body: { orders: [order(1, 'lease@example.com')] } });
  clock.advance(7 * DAY);
  // A worker that claimed the job and died before recording anything.
  const claimed = await claimDueJobs(database.db, database.dialect, clock.now(), 10, 5 * 60_000);
  assert.equal(claimed.length, 1);
  assert.equal((await worker.runOnce())['review-request-emails'], 0);
  clock.advance(5 * 60_000 + 1);
  assert.equal((await worker.runOnce())['review-request-emails'], 1);
  assert.equal((await worker.runOnce())['review-request-emails'], 0);
  assert.equal(smtp.messages.length, 1);
  const job = await database.db.selectFrom('email_jobs').select(['state', 'attempts', 'lease_until']).executeTakeFirstOrThrow();
  assert.deepEqual(job, { state: 'sent', attempts: 2, lease_until: null });
});
