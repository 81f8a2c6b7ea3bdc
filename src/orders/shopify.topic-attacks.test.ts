import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { orderCommands } from './orders.cli.ts';

const SECRET = 'shpss_topic_attacks_0123456789';
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 450789469,
    admin_graphql_api_id: 'gid://shopify/Order/450789469',
    name: '#1002',
    email: 'ann@example.com',
    created_at: '2026-05-31T10:00:00Z',
    financial_status: 'paid',
    fulfillment_status: null,
    cancelled_at: null,
    customer: { id: 207119551, email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee' },
    line_items: [{ product_id: 632910392, title: 'Lamp' }],
    fulfillments: [],
    ...extra,
  });

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const env = await buildTestApp(t);
  await runCommand(env, orderCommands, ['orders', 'shopify-secret', '--domain', 'shop-a.myshopify.com', '--secret', SECRET]);
  let n = 0;
  const deliver = async (topic: string, raw: string) => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/integrations/shopify/webhooks',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': 'shop-a.myshopify.com',
        'x-shopify-webhook-id': `attacker-${++n}`,
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(raw).digest('base64'),
      },
      payload: raw,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().result as string;
  };
  const order = () => env.database.db.selectFrom('orders').select(['status', 'cancelled_at', 'fulfilled_at']).where('order_id', '=', '450789469').executeTakeFirstOrThrow();
  const jobs = () => env.database.db.selectFrom('email_jobs').select('state').execute();
  return { ...env, deliver, order, jobs };
}

test('Shopify topic attacks: a signed orders/create body resent as orders/cancelled or orders/fulfilled (new webhook id) changes nothing', async (t) => {
  const { deliver, order, jobs, database } = await setup(t);
  const created = body();
  assert.equal(await deliver('orders/create', created), 'processed');
  const before = await order();
  assert.deepEqual([before.cancelled_at, before.fulfilled_at], [null, null]);
  assert.equal(await deliver('orders/cancelled', created), 'duplicate', 'same signed body, another id and topic');
  assert.equal(await deliver('orders/fulfilled', created), 'duplicate');
  assert.deepEqual(await order(), before, 'not cancelled, not fulfilled');
  assert.deepEqual(await jobs(), [], 'no email scheduled');
  assert.equal((await database.db.selectFrom('shopify_webhook_receipts').selectAll().execute()).length, 1);
});

test('Shopify topic attacks: the state comes from the signed body even on a first delivery under a false topic', async (t) => {
  const { deliver, order, jobs } = await setup(t);
  // A body never seen before, relabelled in flight: the topic says cancelled/fulfilled, the body says neither.
  assert.equal(await deliver('orders/cancelled', body({ name: '#1002-a' })), 'processed');
  assert.equal((await order()).cancelled_at, null, 'the topic alone does not cancel');
  assert.equal(await deliver('orders/fulfilled', body({ name: '#1002-b' })), 'processed');
  assert.equal((await order()).fulfilled_at, null, 'the topic alone does not fulfil');
  assert.deepEqual(await jobs(), [], 'no email scheduled');
  // What the body says is applied, whatever the topic.
  assert.equal(await deliver('orders/updated', body({ fulfillment_status: 'fulfilled', fulfillments: [{ created_at: '2026-06-01T08:00:00Z' }] })), 'processed');
  assert.notEqual((await order()).fulfilled_at, null);
  assert.deepEqual(
    (await jobs()).map((j) => j.state),
    ['pending'],
  );
  assert.equal(await deliver('orders/updated', body({ fulfillment_status: 'fulfilled', cancelled_at: '2026-06-02T09:00:00Z' })), 'processed');
  assert.notEqual((await order()).cancelled_at, null);
  assert.deepEqual(
    (await jobs()).map((j) => j.state),
    ['cancelled'],
  );
});
