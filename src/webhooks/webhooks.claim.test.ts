import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { claimDueDeliveries, applyDeliveryUpdates } from './deliveries.queries.ts';
import { webhookDeliveryTask } from './webhooks.delivery.ts';

test('two workers claiming at once never take the same delivery', async (t) => {
  const { services, shopA, clock, receiver, subscribe, deliveries } = await buildWebhookTestApp(t, { env: { WEBHOOK_CONCURRENCY: '16' } });
  await subscribe(shopA, 'review/created');
  for (let i = 0; i < 80; i++) await shopA.client.createReview({ rating: 5, author: `R${i}` });
  const one = webhookDeliveryTask(services);
  const two = webhookDeliveryTask(services);
  let handled = 0;
  for (;;) {
    const [a, b] = await Promise.all([one.runDue(clock.now()), two.runDue(clock.now())]);
    if (a + b === 0) break;
    handled += a + b;
  }
  assert.equal(handled, 80);
  const ids = receiver.requests.map((r) => r.headers['webhook-id']);
  assert.equal(ids.length, 80);
  assert.equal(new Set(ids).size, 80);
  assert.ok((await deliveries()).every((d) => d.status === 'succeeded' && d.attempts === 1));
});

test('a claim whose worker died is taken again when its lease ends; the late worker cannot overwrite the result', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries, database } = await buildWebhookTestApp(t, { env: { WEBHOOK_TIMEOUT_MS: '1000' } });
  await subscribe(shopA, 'review/created');
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  const leaseUntil = clock.now() + 3000;
  const [claimed] = await claimDueDeliveries(database.db, clock.now(), leaseUntil, 10);
  assert.ok(claimed);
  // The claiming worker "dies" here. Until the lease ends nobody else takes the delivery.
  clock.advance(2999);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 0);
  clock.advance(1);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 1);
  assert.equal(receiver.requests.length, 1);
  // The first worker wakes up and tries to record a failure under its expired lease: ignored.
  await applyDeliveryUpdates(database.db, [
    {
      id: Number(claimed.id),
      leaseUntil,
      status: 'pending',
      attempts: 1,
      next_attempt_at: clock.now() + 180_000,
      last_attempt_at: clock.now(),
      last_response_code: 500,
      last_error: 'HTTP 500',
      completed_at: null,
    },
  ]);
  const [row] = await deliveries();
  assert.deepEqual([row?.status, row?.attempts, row?.last_error], ['succeeded', 1, null]);
});

test('a subscription deleted while its deliveries are in flight does not break the batch of the others', async (t) => {
  const { shopA, worker, receiver, subscribe, deliveries } = await buildWebhookTestApp(t);
  const doomed = await subscribe(shopA, 'review/created');
  await subscribe(shopA, 'review/created', receiver.url.replace('/hook', '/keep'));
  let deleted = false;
  receiver.reply = (request) => {
    if (request.url === '/hook' && !deleted) {
      deleted = true;
      void shopA.client.call('POST', 'delete_shop_webhook', { body: { id: doomed } });
    }
    return { status: 200, body: '{"code":0}', delayMs: 50 };
  };
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  assert.equal((await worker.runOnce())['webhook-deliveries'], 2);
  const left = await deliveries();
  assert.deepEqual(
    left.map((d) => [d.status, d.attempts]),
    [['succeeded', 1]],
  );
});
