import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { ACK } from '../../test/webhook-receiver.ts';

const MINUTE = 60_000;

test('failed deliveries are retried on the spec schedule (3·n minutes, +≤10% jitter), 10 attempts, then dropped', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries, database } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  receiver.reply = () => ({ status: 500, body: '{"error":"boom"}' });
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  const first = clock.now();
  assert.equal((await worker.runOnce())['webhook-deliveries'], 1);
  for (let attempt = 2; attempt <= 10; attempt++) {
    const [row] = await deliveries();
    const wait = (attempt - 1) * 3 * MINUTE;
    const waited = row!.next_attempt_at - clock.now();
    assert.ok(waited >= wait && waited <= wait * 1.1, `attempt ${attempt}: waits ${waited} ms, schedule ${wait} ms`);
    clock.set(row!.next_attempt_at - 1);
    assert.equal((await worker.runOnce())['webhook-deliveries'], 0, `attempt ${attempt} is not due early`);
    clock.set(row!.next_attempt_at);
    assert.equal((await worker.runOnce())['webhook-deliveries'], 1, `attempt ${attempt} runs when due`);
  }
  const elapsedMinutes = (clock.now() - first) / MINUTE;
  assert.ok(elapsedMinutes >= 135 && elapsedMinutes <= 148.5, `10th attempt ${elapsedMinutes} min after the first`);
  assert.equal(receiver.requests.length, 10);
  // The same message id on every retry, a fresh timestamp each time.
  assert.equal(new Set(receiver.requests.map((r) => r.headers['open-trustoo-webhook-requestid'])).size, 1);
  assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-timestamp'])).size, 10);
  const [dropped] = await deliveries();
  assert.deepEqual([dropped?.status, dropped?.attempts, dropped?.last_error], ['failed', 10, 'HTTP 500']);
  clock.advance(24 * 60 * MINUTE);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 0);
  const attempts = await database.db.selectFrom('webhook_attempts').selectAll().orderBy('id').execute();
  assert.deepEqual(
    attempts.map((a) => a.attempt_no),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  for (const a of attempts) assert.deepEqual([a.outcome, a.response_code, a.error, a.response_excerpt], ['failed', 500, 'HTTP 500', '{"error":"boom"}']);
  const subscription = await database.db.selectFrom('webhook_subscriptions').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([subscription.status, Number(subscription.failing_since), subscription.dropped_in_a_row], ['enabled', first, 1]);
});

test('Retry-After postpones the next attempt up to one hour, never brings it forward', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  const retryAfter = ['1800', '86400', '5'];
  receiver.reply = () => ({ status: 503, headers: { 'retry-after': retryAfter.shift() ?? '0' } });
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  const expectations = [
    [30 * MINUTE, 30 * MINUTE],
    [60 * MINUTE, 60 * MINUTE],
    [9 * MINUTE, 9.9 * MINUTE],
  ];
  for (const [min, max] of expectations) {
    await worker.runOnce();
    const [row] = await deliveries();
    const waited = row!.next_attempt_at - clock.now();
    assert.ok(waited >= min! && waited <= max!, `waits ${waited / MINUTE} min`);
    clock.set(row!.next_attempt_at);
  }
  assert.equal(receiver.requests.length, 3);
});

test('HTTP 410 disables the subscription, ends its pending deliveries, and stops new ones until it is enabled', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries, database } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  receiver.reply = () => ({ status: 500 });
  await shopA.client.createReview({ rating: 5, author: 'first' });
  await worker.runOnce();
  clock.advance(MINUTE);
  await shopA.client.createReview({ rating: 5, author: 'second' });
  receiver.reply = () => ({ status: 410, body: 'gone' });
  await worker.runOnce();
  const subscription = await database.db.selectFrom('webhook_subscriptions').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([subscription.status, subscription.disabled_reason], ['disabled', 'the receiver answered HTTP 410 Gone']);
  const [first, second] = await deliveries();
  assert.deepEqual([first?.status, first?.last_error], ['failed', 'subscription disabled: the receiver answered HTTP 410 Gone']);
  assert.deepEqual([second?.status, second?.last_error], ['failed', 'HTTP 410']);
  await shopA.client.createReview({ rating: 5, author: 'third' });
  assert.equal((await deliveries()).length, 2);
  clock.advance(60 * MINUTE);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 0);
  assert.equal(receiver.requests.length, 2);
  // Still listed for its owner; updating it re-enables it.
  const listed = await shopA.client.call<{ id: string }[]>('GET', 'get_shop_webhooks');
  assert.equal(listed.data.length, 1);
  receiver.reply = () => ({ status: 200, body: ACK });
  assert.equal((await shopA.client.call('POST', 'update_shop_webhook', { body: { id: listed.data[0]!.id, url: receiver.url } })).code, 0);
  await shopA.client.createReview({ rating: 5, author: 'fourth' });
  await worker.runOnce();
  assert.equal(receiver.requests.at(-1)!.body.includes('"author":"fourth"'), true);
});

test('a receiver that is down for a while gets every event once it recovers', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  await receiver.stop();
  const ids = [];
  for (let i = 0; i < 12; i++) ids.push(Number((await shopA.client.createReview({ rating: 5, author: `A${i}` })).data.id));
  await worker.runOnce();
  clock.advance(3.3 * MINUTE);
  await worker.runOnce();
  const failing = await deliveries();
  assert.ok(
    failing.every((d) => d.status === 'pending' && d.attempts === 2 && d.last_error === 'connection refused'),
    JSON.stringify(failing[0]),
  );
  await receiver.start();
  clock.advance(6.6 * MINUTE);
  assert.equal((await worker.runOnce())['webhook-deliveries'], 12);
  assert.deepEqual(
    receiver
      .bodies()
      .map((b) => b.list[0]!.id)
      .sort((a, b) => Number(a) - Number(b)),
    ids,
  );
  assert.ok((await deliveries()).every((d) => d.status === 'succeeded' && d.attempts === 3));
});

test('success needs HTTP 200 with {"code":0}, unless plain 2xx is accepted by the operator or for the subscription', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, deliveries, database } = await buildWebhookTestApp(t);
  const id = await subscribe(shopA, 'review/created');
  const answers = [
    { status: 200, body: 'OK' },
    { status: 200, body: '{"code":1,"message":"nope"}' },
    { status: 204 },
    { status: 302, headers: { location: receiver.url.replace('/hook', '/elsewhere') } },
    { status: 200, body: '{"code":0}' },
  ];
  receiver.reply = () => answers.shift()!;
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  for (let i = 0; i < 5; i++) {
    await worker.runOnce();
    clock.advance(60 * MINUTE);
  }
  const attempts = await database.db.selectFrom('webhook_attempts').select(['outcome', 'response_code', 'error']).orderBy('id').execute();
  assert.deepEqual(
    attempts.map((a) => [a.outcome, a.response_code, a.error]),
    [
      ['failed', 200, 'HTTP 200 without the {"code":0} acknowledgement'],
      ['failed', 200, 'HTTP 200 without the {"code":0} acknowledgement'],
      ['failed', 204, 'HTTP 204'],
      ['failed', 302, 'HTTP 302'],
      ['succeeded', 200, null],
    ],
  );
  assert.equal(receiver.requests.filter((r) => r.url === '/elsewhere').length, 0, 'redirects are not followed');

  // Per subscription: plain 2xx accepted.
  await database.db.updateTable('webhook_subscriptions').set({ accept_plain_2xx: 1 }).where('id', '=', Number(id)).execute();
  receiver.reply = () => ({ status: 204 });
  await shopA.client.createReview({ rating: 5, author: 'Joe' });
  await worker.runOnce();
  assert.equal((await deliveries()).at(-1)?.status, 'succeeded');
});

test('the operator setting WEBHOOK_ACCEPT_PLAIN_2XX=1 makes any 2xx a success', async (t) => {
  const { shopA, worker, receiver, subscribe, deliveries } = await buildWebhookTestApp(t, { env: { WEBHOOK_ACCEPT_PLAIN_2XX: '1' } });
  await subscribe(shopA, 'review/created');
  receiver.reply = () => ({ status: 202, body: '' });
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  await worker.runOnce();
  assert.equal((await deliveries())[0]?.status, 'succeeded');
});

test('a subscription failing without success for WEBHOOK_DISABLE_AFTER_HOURS is disabled, with the reason', async (t) => {
  const { shopA, clock, worker, receiver, subscribe, database } = await buildWebhookTestApp(t, { env: { WEBHOOK_DISABLE_AFTER_HOURS: '1' } });
  await subscribe(shopA, 'review/created');
  receiver.reply = () => ({ status: 500 });
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  const since = clock.now();
  for (let i = 0; i < 6; i++) {
    await worker.runOnce();
    clock.advance(20 * MINUTE);
  }
  const subscription = await database.db.selectFrom('webhook_subscriptions').selectAll().executeTakeFirstOrThrow();
  assert.equal(subscription.status, 'disabled');
  assert.equal(subscription.disabled_reason, `no successful delivery since ${new Date(since).toISOString().replace('.000', '')} (WEBHOOK_DISABLE_AFTER_HOURS)`);
  assert.equal(receiver.requests.length, 4);
});
