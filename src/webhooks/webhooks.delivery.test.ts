import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { setReviewPublished } from '../reviews/reviews.service.ts';
import { standardWebhooksSecret } from './webhooks.signing.ts';

test('a new review is POSTed once, with the spec body and headers, signed for both verifiers', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries } = await buildWebhookTestApp(t);
  clock.set(Math.floor(Date.now() / 1000) * 1000); // standardwebhooks checks timestamps against the real clock
  await subscribe(shopA, 'review/created');
  const created = await shopA.client.createReview({ rating: 5, author: 'Jane', product_id: '9200305176832', content: 'Great fit' });
  assert.equal(created.code, 0, created.message);
  const [pending] = await deliveries();
  assert.equal(pending?.status, 'pending');

  assert.equal((await worker.runOnce())['webhook-deliveries'], 1);
  assert.equal(receiver.requests.length, 1);
  const request = receiver.requests[0]!;
  const { id, ...review } = created.data;
  const expectedBody = JSON.stringify({ list: [{ id: Number(id), my_shopify_domain: 'shop-a.myshopify.com', shopify_shop_id: String(shopA.shopId), ...review }] });
  assert.equal(request.body, expectedBody);
  assert.equal(request.method, 'POST');
  const ts = String(Math.floor(clock.now() / 1000));
  const h = request.headers;
  assert.equal(h['content-type'], 'application/json');
  assert.equal(h['user-agent'], 'Plaudit-Webhook/1.0');
  assert.equal(h['open-trustoo-webhook-public-token'], shopA.credentials.public_token);
  assert.equal(h['open-trustoo-webhook-timestamp'], ts);
  assert.equal(h['open-trustoo-webhook-topic'], 'review/created');
  assert.equal(h['open-trustoo-webhook-shop-domain'], 'shop-a.myshopify.com');
  assert.equal(h['open-trustoo-webhook-requestid'], pending!.message_id);
  assert.equal(h['webhook-id'], pending!.message_id);
  assert.equal(h['webhook-timestamp'], ts);

  // The spec's algorithm (webhooks.md §2.3), computed here independently.
  const privateToken = shopA.credentials.private_token;
  assert.equal(h['open-trustoo-webhook-sign'], createHmac('sha256', privateToken).update(`timestamp=${ts}|${request.body}`).digest('hex'));
  // Standard Webhooks, with the package receivers use, in both secret forms.
  const headers = { 'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']) };
  assert.deepEqual(new Webhook(standardWebhooksSecret(privateToken)).verify(request.body, headers), JSON.parse(expectedBody));
  assert.deepEqual(new Webhook(privateToken, { format: 'raw' }).verify(request.body, headers), JSON.parse(expectedBody));
  assert.throws(() => new Webhook(standardWebhooksSecret(privateToken)).verify(request.body.replace('Jane', 'Joan'), headers), /No matching signature/);
  assert.throws(() => new Webhook(standardWebhooksSecret(shopA.credentials.public_token)).verify(request.body, headers), /No matching signature/);

  const [done] = await deliveries();
  assert.deepEqual([done?.status, done?.attempts, done?.last_error], ['succeeded', 1, null]);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 0);
  assert.equal(receiver.requests.length, 1);
});

test('publish, hide and delete fire the matching topics with the review snapshot', async (t) => {
  const app = await buildWebhookTestApp(t);
  const { shopA, worker, receiver, subscribe } = app;
  for (const topic of ['review/created', 'review/updated', 'review/deleted']) await subscribe(shopA, topic);
  const created = await shopA.client.createReview({ rating: 4, author: 'A', is_published: 0 });
  const reviewId = Number(created.data.id);
  await worker.runOnce();
  await setReviewPublished(app.app, shopA.shopId, reviewId, 1);
  await worker.runOnce();
  await setReviewPublished(app.app, shopA.shopId, reviewId, 0);
  await worker.runOnce();
  await setReviewPublished(app.app, shopA.shopId, reviewId, 0); // no change, no event
  await worker.runOnce();
  app.clock.advance(1000);
  assert.equal((await shopA.client.deleteReview(reviewId)).code, 0);
  await worker.runOnce();

  const seen = receiver.requests.map((r) => [r.headers['open-trustoo-webhook-topic'], (JSON.parse(r.body).list[0] as { is_published: number }).is_published]);
  assert.deepEqual(seen, [
    ['review/created', 0],
    ['review/updated', 1],
    ['review/deleted', 0],
    ['review/deleted', 0],
  ]);
  for (const body of receiver.bodies()) assert.equal(body.list[0]!.id, reviewId);
  assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size, 4);
});

test('events share the transaction: a rolled-back change leaves no delivery', async (t) => {
  const { app, shopA, subscribe, snapshot, clock } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  const before = await snapshot();
  await assert.rejects(
    app.db.transaction().execute(async (trx) => {
      await app.events.emit(trx, { shopId: shopA.shopId, type: 'review.created', data: { id: '1' }, occurredAt: clock.now() });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.deepEqual(await snapshot(), before);
});

test('customer_event/created events are delivered as CustomerEvent items with the shop identification', async (t) => {
  const { app, shopA, clock, worker, receiver, subscribe } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'customer_event/created');
  await subscribe(shopA, 'review/created');
  const event = {
    id: '88',
    event_type: 'VIEW_REVIEW',
    os_type: 'IOS',
    event_source: 'STOREFRONT',
    customer_id: '',
    customer_email: '',
    review_id: '',
    product_id: '9200305176832',
    page_url: 'https://shop-a.example/p',
    extra: { page: 2 },
    created_at: '2026-06-01T12:00:00Z',
  };
  await app.db.transaction().execute((trx) => app.events.emit(trx, { shopId: shopA.shopId, type: 'customer_event.created', data: event, occurredAt: clock.now() }));
  assert.equal((await worker.runOnce())['webhook-deliveries'], 1);
  const { id: _id, ...rest } = event;
  assert.equal(receiver.requests[0]!.body, JSON.stringify({ list: [{ id: 88, my_shopify_domain: 'shop-a.myshopify.com', shopify_shop_id: String(shopA.shopId), ...rest }] }));
  assert.equal(receiver.requests[0]!.headers['open-trustoo-webhook-topic'], 'customer_event/created');
});

test("a subscription of shop A never receives shop B's events", async (t) => {
  const { shopA, shopB, worker, receiver, subscribe } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  const otherReceiverUrl = receiver.url.replace('/hook', '/b');
  await subscribe(shopB, 'review/created', otherReceiverUrl);
  await shopB.client.createReview({ rating: 1, author: 'B1' });
  await shopA.client.createReview({ rating: 5, author: 'A1' });
  await shopB.client.createReview({ rating: 2, author: 'B2' });
  await worker.runOnce();
  const byPath = (path: string) => receiver.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body).list[0]);
  assert.deepEqual(
    byPath('/hook').map((i) => [i.author, i.my_shopify_domain]),
    [['A1', 'shop-a.myshopify.com']],
  );
  assert.deepEqual(
    byPath('/b')
      .map((i) => i.author)
      .sort(),
    ['B1', 'B2'],
  );
  for (const r of receiver.requests.filter((x) => x.url === '/b')) {
    assert.equal(r.headers['open-trustoo-webhook-public-token'], shopB.credentials.public_token);
    assert.equal(
      r.headers['open-trustoo-webhook-sign'],
      createHmac('sha256', shopB.credentials.private_token).update(`timestamp=${r.headers['open-trustoo-webhook-timestamp']}|${r.body}`).digest('hex'),
    );
  }
});

test('platform subscriptions are signed with the platform secret, and skipped with the reason when its grant or scope is gone', async (t) => {
  let shopId = 0;
  const grants = new Map<number, Set<string>>([[7, new Set(['write_reviews'])]]);
  const { app, shopA, worker, receiver, deliveries } = await buildWebhookTestApp(t, {
    deps: {
      verifyBearer: async (_request, token) => ({ shopId, shopDomain: 'shop-a.myshopify.com', scheme: 'bearer', scopes: new Set(['write_reviews']), platformId: Number(token) }),
      platformWebhookCredentials: async (platformId, forShop) =>
        forShop === shopId && grants.has(platformId) ? { clientId: `client-${platformId}`, clientSecret: `secret-${platformId}`, scopes: grants.get(platformId)! } : null,
    },
  });
  shopId = shopA.shopId;
  for (const [platform, url] of [
    ['7', receiver.url],
    ['9', `${receiver.url}/9`],
  ]) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/openapi/create_shop_webhook', headers: { authorization: `Bearer ${platform}` }, payload: { topic: 'review/created', url } });
    assert.equal(JSON.parse(res.body).code, 0, res.body);
  }

  await shopA.client.createReview({ rating: 5, author: 'P' });
  await worker.runOnce();
  assert.equal(receiver.requests.length, 1);
  const r = receiver.requests[0]!;
  assert.equal(r.headers['open-trustoo-webhook-public-token'], 'client-7');
  assert.equal(r.headers['open-trustoo-webhook-sign'], createHmac('sha256', 'secret-7').update(`timestamp=${r.headers['open-trustoo-webhook-timestamp']}|${r.body}`).digest('hex'));
  const [toSeven, toNine] = await deliveries();
  assert.equal(toSeven?.status, 'succeeded');
  assert.deepEqual([toNine?.status, toNine?.last_error], ['skipped', 'platform 9 has no active grant for this shop']);

  grants.set(7, new Set(['read_reviews']));
  await shopA.client.createReview({ rating: 4, author: 'Q' });
  await worker.runOnce();
  assert.equal(receiver.requests.length, 1);
  const third = (await deliveries())[2];
  assert.deepEqual([third?.status, third?.last_error], ['skipped', 'platform 7 no longer has the write_reviews scope']);
});
