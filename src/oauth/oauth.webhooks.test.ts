// OAuth glue with the features that act for platforms: webhook deliveries and order intake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { buildOAuthFixture } from './oauth.test-support.ts';
import { startReceiver } from '../../test/webhook-receiver.ts';
import { ALLOW_LOCAL } from '../../test/webhook-setup.ts';

test('a platform subscription is signed with the client secret and disappears when the platform disconnects', async (t) => {
  const fx = await buildOAuthFixture(t, {}, ALLOW_LOCAL);
  const receiver = await startReceiver(t);
  const { access_token } = await fx.tokensFor('read_reviews,write_reviews');
  const created = await fx.bearer<{ id: string }>(access_token, 'POST', 'create_shop_webhook', { body: { topic: 'review/created', url: receiver.url } });
  assert.equal(created.code, 0, created.message);

  const review = await fx.shopA.client.createReview({ rating: 5, author: 'Platform fan' });
  assert.equal(review.code, 0);
  await fx.worker.runOnce();
  assert.equal(receiver.requests.length, 1);
  const delivery = receiver.requests[0]!;
  assert.equal(delivery.headers['open-trustoo-webhook-public-token'], fx.clientId);
  const ts = String(delivery.headers['open-trustoo-webhook-timestamp']);
  const expected = createHmac('sha256', fx.clientSecret).update(`timestamp=${ts}|${delivery.body}`).digest('hex');
  assert.equal(delivery.headers['open-trustoo-webhook-sign'], expected);
  assert.match(delivery.body, new RegExp(`"id":${review.data.id}\\b`));

  const disconnected = await fx.bearer(access_token, 'POST', 'oauth/disconnect', { body: {} });
  assert.equal(disconnected.code, 0, disconnected.message);
  const left = await fx.database.db.selectFrom('webhook_subscriptions').select('id').where('platform_id', '!=', 0).execute();
  assert.deepEqual(left, []);
  await fx.shopA.client.createReview({ rating: 4, author: 'After disconnect' });
  await fx.worker.runOnce();
  assert.equal(receiver.requests.length, 1);
});

test('a platform granted write_orders can push orders; one with read_orders only cannot', async (t) => {
  const fx = await buildOAuthFixture(t, { scopes: 'read_reviews,read_orders,write_orders' });
  const writer = await fx.tokensFor('write_orders');
  const body = { orders: [{ order_id: '5001', customer: { email: 'shopper@example.com' }, line_items: [{ product_id: '11' }] }] };
  const pushed = await fx.bearer<{ created: number }>(writer.access_token, 'POST', 'push_orders', { body });
  assert.equal(pushed.code, 0, pushed.message);
  assert.equal(pushed.data.created, 1);
  const listed = await fx.bearer<{ list: { order_id: string }[] }>(writer.access_token, 'GET', 'get_orders');
  assert.deepEqual(
    listed.data.list.map((o) => o.order_id),
    ['5001'],
  );
  const reader = await fx.tokensFor('read_orders');
  assert.equal((await fx.bearer(reader.access_token, 'POST', 'push_orders', { body })).code, 7);
});
