import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { orderCommands } from './orders.cli.ts';

const SECRET = 'shpss_test_0123456789abcdef';
const shopifyOrder = (extra: Record<string, unknown> = {}) => ({
  id: 820982911946154500,
  admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
  name: '#1001',
  email: 'Jon@Example.com',
  created_at: '2026-05-31T10:00:00-04:00',
  financial_status: 'paid',
  fulfillment_status: null,
  cancelled_at: null,
  customer: { id: 115310627314723950, email: 'jon@example.com', first_name: 'Jon', last_name: 'Snow', phone: '+15550001111' },
  line_items: [
    { product_id: 632910392, title: 'IPod Nano - 8GB', variant_title: 'green' },
    { product_id: null, title: 'Tip' },
  ],
  fulfillments: [],
  ...extra,
});

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const env = await buildTestApp(t);
  const out = await runCommand(env, orderCommands, ['orders', 'shopify-secret', '--domain', 'shop-a.myshopify.com', '--secret', SECRET]);
  assert.equal(out, `Shopify secret saved for shop-a.myshopify.com; webhook URL: ${env.config.publicUrl}/integrations/shopify/webhooks\n`);
  const stored = await env.database.db.selectFrom('shopify_connections').select('app_secret_sealed').executeTakeFirstOrThrow();
  assert.ok(!stored.app_secret_sealed.includes(SECRET), 'sealed at rest');
  const deliver = (topic: string, body: string, options: { id?: string; hmac?: string; shop?: string } = {}) =>
    env.app.inject({
      method: 'POST',
      url: '/integrations/shopify/webhooks',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': options.shop ?? 'shop-a.myshopify.com',
        'x-shopify-webhook-id': options.id ?? `wh-${Math.random()}`,
        'x-shopify-hmac-sha256': options.hmac ?? createHmac('sha256', SECRET).update(body).digest('base64'),
      },
      payload: body,
    });
  const orders = async () => (await env.shopA.client.call<{ list: Record<string, unknown>[] }>('GET', 'get_orders', {})).data.list;
  return { ...env, deliver, orders };
}

test('Shopify orders/create then orders/fulfilled: signed deliveries create the order and schedule its request', async (t) => {
  const { deliver, orders, database } = await setup(t);
  const created = await deliver('orders/create', JSON.stringify(shopifyOrder()));
  assert.equal(created.statusCode, 200);
  assert.deepEqual(created.json(), { result: 'processed' });
  const [order] = await orders();
  assert.deepEqual(
    { ...order, id: undefined },
    {
      id: undefined,
      order_id: '820982911946154508',
      order_name: '#1001',
      customer_name: 'Jon Snow',
      customer_email: 'jon@example.com',
      status: 1,
      scheduled_at: '',
      sent_at: '',
      created_at: '2026-05-31T14:00:00Z',
    },
  );
  const stored = await database.db.selectFrom('orders').select(['customer_id', 'customer_phone', 'line_items']).executeTakeFirstOrThrow();
  assert.deepEqual(stored, {
    customer_id: '115310627314723950',
    customer_phone: '+15550001111',
    line_items: JSON.stringify([{ product_id: '632910392', title: 'IPod Nano - 8GB', variant_title: 'green' }]),
  });

  const fulfilled = await deliver('orders/fulfilled', JSON.stringify(shopifyOrder({ fulfillment_status: 'fulfilled', fulfillments: [{ created_at: '2026-06-01T08:00:00Z' }] })));
  assert.equal(fulfilled.statusCode, 200);
  const [after] = await orders();
  assert.deepEqual([after!.status, after!.scheduled_at], [2, '2026-06-08T08:00:00Z']);

  const cancelled = await deliver('orders/cancelled', JSON.stringify(shopifyOrder({ cancelled_at: '2026-06-02T09:00:00Z' })));
  assert.equal(cancelled.statusCode, 200);
  assert.equal((await orders())[0]!.status, 6);
  assert.deepEqual(await database.db.selectFrom('email_jobs').select('state').execute(), [{ state: 'cancelled' }]);
  assert.deepEqual((await deliver('products/update', '{"id":1}')).json(), { result: 'ignored' });

  // A refund arrives as orders/updated with financial_status refunded.
  const other = { id: 5550001, admin_graphql_api_id: 'gid://shopify/Order/5550001', name: '#1002' };
  await deliver('orders/fulfilled', JSON.stringify(shopifyOrder({ ...other, fulfillment_status: 'fulfilled' })));
  assert.equal((await orders()).find((o) => o.order_id === '5550001')!.status, 2);
  await deliver('orders/updated', JSON.stringify(shopifyOrder({ ...other, fulfillment_status: 'fulfilled', financial_status: 'refunded' })));
  assert.equal((await orders()).find((o) => o.order_id === '5550001')!.status, 6);
  assert.deepEqual(
    (await database.db.selectFrom('email_jobs').select('state').execute()).map((j) => j.state),
    ['cancelled', 'cancelled'],
  );
});

test('Shopify: tampered, unsigned, wrong-secret and unknown-shop deliveries are refused with 401 and write nothing; a replay is applied once', async (t) => {
  const { deliver, orders, snapshot, database } = await setup(t);
  const body = JSON.stringify(shopifyOrder());
  const before = await snapshot();
  const tampered = body.replace('Jon', 'Eve');
  const refusals = [
    await deliver('orders/create', tampered, { hmac: createHmac('sha256', SECRET).update(body).digest('base64') }),
    await deliver('orders/create', body, { hmac: '' }),
    await deliver('orders/create', body, { hmac: createHmac('sha256', 'another-secret').update(body).digest('base64') }),
    await deliver('orders/create', body, { shop: 'shop-b.myshopify.com' }),
    await deliver('orders/create', body, { shop: 'unknown.myshopify.com' }),
  ];
  for (const res of refusals) {
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 16);
    assert.doesNotMatch(res.body, /shpss_/);
  }
  assert.deepEqual(await snapshot(), before);

  const first = await deliver('orders/create', body, { id: 'wh-1' });
  assert.deepEqual(first.json(), { result: 'processed' });
  // The merchant edits the order; an old retry of wh-1 must not be applied over it.
  await database.db.updateTable('orders').set({ customer_name: 'Edited' }).execute();
  const replay = await deliver('orders/create', body, { id: 'wh-1' });
  assert.deepEqual([replay.statusCode, replay.json()], [200, { result: 'duplicate' }]);
  assert.equal((await orders())[0]!.customer_name, 'Edited');
  assert.equal((await database.db.selectFrom('shopify_webhook_receipts').selectAll().execute()).length, 1);
});

test('Shopify: a signed but malformed payload answers code 3 and writes nothing', async (t) => {
  const { deliver, snapshot } = await setup(t);
  const before = await snapshot();
  for (const body of ['not json', '[]', JSON.stringify({ id: 'abc' }), JSON.stringify(shopifyOrder({ id: -1, admin_graphql_api_id: 'gid://shopify/Order/x' }))]) {
    const res = await deliver('orders/create', body);
    assert.equal(res.json().code, 3, body.slice(0, 40));
  }
  assert.deepEqual(await snapshot(), before);
});
