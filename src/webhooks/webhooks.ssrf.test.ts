import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { startReceiver } from '../../test/webhook-receiver.ts';
import { refusedAddressKind } from './webhooks.url.ts';

test('without WEBHOOK_ALLOW_PRIVATE, deliveries to loopback, private, link-local and metadata addresses are refused after resolution', async (t) => {
  const { shopA, worker, database, clock } = await buildTestApp(t, { env: { WEBHOOK_ALLOW_HTTP: '1' } });
  const receiver = await startReceiver(t);
  const port = new URL(receiver.url).port;
  // Rows as if each name had resolved to a public address when it was saved (DNS can change later).
  const targets = [
    [`http://localhost:${port}/hook`, /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(set WEBHOOK_ALLOW_PRIVATE=1 to allow\)$/],
    [`http://127.0.0.1:${port}/hook`, /^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/],
    [`http://[::ffff:127.0.0.1]:${port}/hook`, /^refused: \[::ffff:7f00:1\] resolves to ::ffff:7f00:1, a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /^refused: 169\.254\.169\.254 resolves to 169\.254\.169\.254, a cloud metadata address/],
    ['http://10.20.30.40/hook', /a private address/],
    ['https://[fe80::1]/hook', /a link-local address/],
  ] as const;
  const now = clock.now();
  await database.db
    .insertInto('webhook_subscriptions')
    .values(
      targets.map(([url]) => ({
        shop_id: shopA.shopId,
        platform_id: 0,
        topic: 'review/created',
        url,
        status: 'enabled' as const,
        accept_plain_2xx: 0,
        dropped_in_a_row: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await shopA.client.createReview({ rating: 5, author: 'Jane' });
  assert.equal((await worker.runOnce())['webhook-deliveries'], targets.length);
  assert.equal(receiver.requests.length, 0);
  const attempts = await database.db
    .selectFrom('webhook_attempts')
    .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select(['webhook_subscriptions.url', 'webhook_attempts.error', 'webhook_attempts.response_code'])
    .execute();
  for (const [url, reason] of targets) {
    const attempt = attempts.find((a) => a.url === url);
    assert.ok(attempt, url);
    assert.equal(attempt.response_code, null);
    assert.match(attempt.error ?? '', reason, url);
  }
});

test('the address classifier knows the internal ranges and lets public addresses through', () => {
  const cases: Array<[string, string | null]> = [
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.32.0.1', null],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a private address'],
    ['fd12::1', 'a private address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['169.254.10.10', 'a link-local address'],
    ['fe80::abcd', 'a link-local address'],
    ['0.0.0.0', 'a reserved address'],
    ['::', 'a reserved address'],
    ['224.0.0.1', 'a reserved address'],
    ['64:ff9b::a00:1', 'a reserved address'],
    ['93.184.216.34', null],
    ['2606:4700::6810:85e5', null],
    ['8.8.8.8', null],
  ];
  for (const [address, kind] of cases) assert.equal(refusedAddressKind(address), kind, address);
});
