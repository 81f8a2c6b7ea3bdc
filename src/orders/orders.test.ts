import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { PlauditClient } from '../client/index.ts';
import { legacyClient } from './orders.testkit.ts';

type OrderList = { page: { page: number; page_size: number; total_page: number; count: number }; list: Record<string, unknown>[] };
const push = (client: PlauditClient, orders: unknown[]) =>
  client.call<{ created: number; updated: number; unchanged: number; list: Record<string, unknown>[] }>('POST', 'push_orders', { body: { orders } });

test('push_orders is idempotent by order id; fulfilment schedules the request once; the Order has the nine spec fields', async (t) => {
  const { shopA, database } = await buildTestApp(t);
  const first = await push(shopA.client, [
    { order_id: '1001', order_name: '#1001', customer: { id: 9, email: ' Ann@Example.COM ', first_name: 'Ann', last_name: 'Lee' }, line_items: [{ product_id: 5 }], created_at: '2026-05-30 08:00:00' },
  ]);
  assert.equal(first.code, 0, first.message);
  assert.deepEqual({ ...first.data, list: undefined }, { created: 1, updated: 0, unchanged: 0, list: undefined });
  assert.deepEqual(first.data.list[0], {
    id: first.data.list[0]!.id,
    order_id: '1001',
    order_name: '#1001',
    customer_name: 'Ann Lee',
    customer_email: 'ann@example.com',
    status: 1,
    scheduled_at: '',
    sent_at: '',
    created_at: '2026-05-30T08:00:00Z',
  });
  const same = await push(shopA.client, [
    { order_id: 1001, customer: { email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee' }, line_items: [{ product_id: '5' }], created_at: '2026-05-30 08:00:00' },
  ]);
  assert.deepEqual([same.data.created, same.data.updated, same.data.unchanged], [0, 0, 1]);
  const fulfilled = await push(shopA.client, [{ order_id: 1001, fulfilled_at: '2026-06-01T10:00:00Z' }]);
  assert.deepEqual(
    [fulfilled.data.updated, fulfilled.data.list[0]!.status, fulfilled.data.list[0]!.scheduled_at, fulfilled.data.list[0]!.customer_email],
    [1, 2, '2026-06-08T10:00:00Z', 'ann@example.com'],
  );
  const again = await push(shopA.client, [{ order_id: 1001, fulfilled_at: '2026-06-01T11:00:00Z' }]);
  assert.equal(again.data.unchanged, 1);
  const jobs = await database.db.selectFrom('email_jobs').select(['kind', 'state', 'run_at']).execute();
  assert.deepEqual(jobs, [{ kind: 'request', state: 'pending', run_at: Date.UTC(2026, 5, 8, 10) }]);
  // Orders fulfilled so long ago that the request would be over 30 days late are not mailed.
  const old = await push(shopA.client, [{ order_id: 7, customer: { email: 'old@example.com' }, line_items: [{ product_id: 5 }], fulfilled_at: '2026-01-01 00:00:00' }]);
  assert.equal(old.data.list[0]!.status, 1);
});

test('get_orders: type, send-time and creation-time filters, sort, paging, the doc sample with empty values, the legacy path', async (t) => {
  const { app, shopA, clock, database } = await buildTestApp(t);
  const orders = [1, 2, 3, 4].map((n) => ({ order_id: n, customer: { email: `c${n}@example.com` }, line_items: [{ product_id: 1 }], created_at: `2026-05-0${n} 10:00:00` }));
  await push(shopA.client, orders);
  await push(shopA.client, [
    { order_id: 2, fulfilled_at: '2026-05-20 00:00:00' },
    { order_id: 3, cancelled_at: '2026-05-21 00:00:00' },
    { order_id: 4, fulfilled_at: '2026-05-30 00:00:00' },
  ]);
  await database.db
    .updateTable('orders')
    .set({ status: 3, sent_at: Date.UTC(2026, 4, 27) })
    .where('order_id', '=', '2')
    .execute();
  const ids = async (query: Record<string, string | number>, client = shopA.client, endpoint = 'get_orders') => {
    const res = await client.call<OrderList>('GET', endpoint, { query });
    assert.equal(res.code, 0, res.message);
    return res.data.list.map((o) => o.order_id);
  };
  assert.deepEqual(await ids({}), ['4', '3', '2', '1']);
  assert.deepEqual(await ids({ type: 0, start_sent_at: '', end_sent_at: '', start_time: '', end_time: '', sort_by: '', page_size: 10, page: 1 }), ['4', '3', '2', '1']);
  assert.deepEqual(await ids({ sort_by: 'created-ascending' }), ['1', '2', '3', '4']);
  assert.deepEqual(await ids({ type: 1 }), ['1']);
  assert.deepEqual(await ids({ type: 2 }), ['4']);
  assert.deepEqual(await ids({ type: 3 }), ['2']);
  assert.deepEqual(await ids({ type: 6 }), ['3']);
  assert.deepEqual(await ids({ type: 5 }), []);
  assert.deepEqual(await ids({ start_time: '2026-05-02 00:00:00', end_time: String(Date.UTC(2026, 4, 3, 10) / 1000) }), ['3', '2']);
  assert.deepEqual(await ids({ start_sent_at: '2026-05-26 00:00:00', end_sent_at: '2026-05-28 00:00:00' }), ['2']);
  assert.deepEqual(await ids({ start_sent_at: '2026-05-28 00:00:00' }), []);
  const page = await shopA.client.call<OrderList>('GET', 'get_orders', { query: { page: 2, page_size: 3 } });
  assert.deepEqual(page.data.page, { page: 2, page_size: 3, total_page: 2, count: 4 });
  assert.deepEqual(
    page.data.list.map((o) => o.order_id),
    ['1'],
  );
  const legacy = legacyClient(app, shopA.credentials, clock);
  assert.deepEqual(await ids({ type: 3 }, legacy, 'orders'), ['2'], 'GET /api/v1/open_api/orders answers the same');
});

test('bad input: get_orders and push_orders answer code 3 naming the field, and write nothing', async (t) => {
  const { shopA, snapshot } = await buildTestApp(t);
  await push(shopA.client, [{ order_id: 1, customer: { email: 'a@example.com' } }]);
  const before = await snapshot();
  const queries: [Record<string, string>, string][] = [
    [{ type: '7' }, 'type'],
    [{ type: 'all' }, 'type'],
    [{ sort_by: 'newest' }, 'sort_by'],
    [{ start_time: 'yesterday' }, 'start_time'],
    [{ end_sent_at: '2026-02-30 00:00:00' }, 'end_sent_at'],
    [{ page: 'two' }, 'page'],
  ];
  for (const [query, field] of queries) {
    const res = await shopA.client.call('GET', 'get_orders', { query });
    assert.deepEqual([res.code, res.data], [3, null], JSON.stringify(query));
    assert.match(res.message, new RegExp(`^invalid argument: ${field}`), res.message);
  }
  const bodies: [unknown, string][] = [
    [{}, 'orders is required'],
    [{ orders: [] }, 'orders'],
    [{ orders: [{}] }, 'orders[0].order_id is required'],
    [{ orders: [{ order_id: 'abc' }] }, 'orders[0].order_id'],
    [{ orders: [{ order_id: 0 }] }, 'orders[0].order_id'],
    [{ orders: [{ order_id: 2 }, { order_id: 3, customer: { email: 'nope' } }] }, 'orders[1].customer.email'],
    [{ orders: [{ order_id: 2, fulfilled_at: 'soon' }] }, 'orders[0].fulfilled_at'],
    [{ orders: [{ order_id: 2, line_items: [{ product_id: 'x' }] }] }, 'orders[0].line_items[0].product_id'],
    [{ orders: [{ order_id: 2, order_name: 'n'.repeat(65) }] }, 'orders[0].order_name'],
    [{ orders: Array.from({ length: 101 }, (_, i) => ({ order_id: i + 1 })) }, 'orders'],
    ['[not json', 'body'],
  ];
  for (const [body, field] of bodies) {
    const res = await shopA.client.call('POST', 'push_orders', { body });
    assert.deepEqual([res.code, res.data], [3, null], JSON.stringify(body).slice(0, 80));
    assert.ok(res.message.startsWith(`invalid argument: ${field}`), res.message);
  }
  assert.deepEqual(await snapshot(), before);
});

test('shop B can neither list nor change shop A orders; the same order id is a different order per shop', async (t) => {
  const { shopA, shopB, snapshot } = await buildTestApp(t);
  await push(shopA.client, [{ order_id: 42, customer: { email: 'a@example.com' }, line_items: [{ product_id: 1 }] }]);
  const before = await snapshot();
  assert.equal((await shopB.client.call<OrderList>('GET', 'get_orders', {})).data.page.count, 0);
  assert.deepEqual(await snapshot(), before);
  const pushed = await push(shopB.client, [{ order_id: 42, cancelled_at: '2026-06-01 00:00:00' }]);
  assert.deepEqual([pushed.data.created, pushed.data.list[0]!.customer_email], [1, '']);
  const a = await shopA.client.call<OrderList>('GET', 'get_orders', {});
  assert.deepEqual([a.data.page.count, a.data.list[0]!.status, a.data.list[0]!.customer_email], [1, 1, 'a@example.com']);
});

test('unauthenticated calls to the order endpoints are refused with code 16', async (t) => {
  const { app, snapshot } = await buildTestApp(t);
  const before = await snapshot();
  for (const [method, url] of [
    ['GET', '/api/v1/openapi/get_orders'],
    ['POST', '/api/v1/openapi/push_orders'],
    ['GET', '/api/v1/open_api/orders'],
  ] as const) {
    const res = await app.inject({ method, url, payload: method === 'POST' ? { orders: [{ order_id: 1 }] } : undefined });
    assert.equal(res.json().code, 16, url);
  }
  assert.deepEqual(await snapshot(), before);
});
