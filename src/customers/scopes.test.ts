import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOAuthFixture } from '../oauth/oauth.test-support.ts';

test('bearer tokens reach the orders and customers endpoints only with their scopes, and only for their shop', async (t) => {
  const f = await buildOAuthFixture(t);
  await f.shopA.client.call('POST', 'push_orders', { body: { orders: [{ order_id: 1, customer: { email: 'a@example.com' } }] } });
  const orders = await f.tokensFor('read_orders');
  assert.equal((await f.bearer<{ page: { count: number } }>(orders.access_token, 'GET', 'get_orders')).data.page.count, 1);
  for (const [method, endpoint, body] of [
    ['GET', 'get_customer_events', undefined],
    ['GET', 'get_customer_exclude_list', undefined],
    ['POST', 'email_unsubscribe', { email: 'a@example.com', email_type: 'all' }],
    ['POST', 'push_orders', { orders: [{ order_id: 2 }] }],
  ] as const) {
    assert.equal((await f.bearer(orders.access_token, method, endpoint, body ? { body } : {})).code, 7, endpoint);
  }
  const customers = await f.tokensFor('write_customers');
  assert.equal((await f.bearer(customers.access_token, 'POST', 'create_customer_exclude', { body: { email: 'a@example.com' } })).code, 0);
  assert.equal((await f.bearer<{ page: { count: number } }>(customers.access_token, 'GET', 'get_customer_exclude_list')).data.page.count, 1, 'write_customers implies read_customers');
  assert.equal((await f.bearer(customers.access_token, 'GET', 'get_orders')).code, 7);
  const events = await f.tokensFor('read_customer_events');
  assert.equal((await f.bearer(events.access_token, 'GET', 'get_customer_events')).code, 0);
  const shopB = await f.tokensFor('read_orders,read_customers', 'B');
  assert.equal((await f.bearer<{ page: { count: number } }>(shopB.access_token, 'GET', 'get_orders')).data.page.count, 0);
  assert.equal((await f.bearer<{ page: { count: number } }>(shopB.access_token, 'GET', 'get_customer_exclude_list')).data.page.count, 0);
});
