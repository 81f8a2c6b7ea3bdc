import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpProxy } from './tcp-proxy.ts';

// This test always runs against PostgreSQL (the CI's server on 127.0.0.1:5432), on the SQLite pass too,
// so it is never skipped. It reaches PostgreSQL only through a proxy it cuts and restores; the shared
// server itself is never restarted.
process.env.TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.startsWith('postgres') ? process.env.TEST_DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/test';
const { buildTestApp } = await import('./helpers.ts');

const target = new URL(process.env.TEST_DATABASE_URL);
const FAST_FAIL_MS = 10_000;

test('PostgreSQL restarts while the API serves writes: requests fail fast with code 13 (healthz 503), also when it hangs, the pool recovers by itself, every acknowledged review is there, ratings equal a recount, outbox rows intact', async (t) => {
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.start();
  t.after(() => proxy.cut());
  const proxied = new URL(target);
  proxied.port = String(proxy.port);
  const env = await buildTestApp(t, { env: { DATABASE_URL: proxied.toString(), WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' } });
  const { app, shopA, database } = env;
  assert.equal(database.dialect, 'postgres');
  const hook = await shopA.client.call('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'http://127.0.0.1:9/hook' } });
  assert.equal(hook.code, 0, hook.message);

  const acknowledged: string[] = [];
  const outcomes = { ok: 0, internal: 0, other: [] as string[] };
  let slowest = 0;
  let writing = true;
  let n = 0;
  const writer = async () => {
    while (writing) {
      const i = ++n;
      const started = performance.now();
      const res = await shopA.client.call<{ id: string }>('POST', 'create_review', { body: { product_id: String(100 + (i % 3)), rating: (i % 5) + 1, author: `Writer ${i}` } });
      slowest = Math.max(slowest, performance.now() - started);
      if (res.code === 0) {
        acknowledged.push(res.data.id);
        outcomes.ok++;
      } else if (res.code === 13) {
        outcomes.internal++;
        assert.doesNotMatch(res.message, /ECONNREFUSED|at .+:\d+:\d+|127\.0\.0\.1/, 'no internals in the message');
        await new Promise((r) => setTimeout(r, 20));
      } else outcomes.other.push(`${res.code} ${res.message}`);
    }
  };
  const health = async () => (await app.inject({ method: 'GET', url: '/healthz' })).statusCode;
  const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 30_000) => {
    const deadline = performance.now() + ms;
    while (!(await check())) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const writers = [writer(), writer(), writer()];
  await until('writes before the outage', () => outcomes.ok >= 15);

  // PostgreSQL goes away: every connection is reset and new ones refused.
  await proxy.cut();
  const failedBefore = outcomes.internal;
  await until('refused writes during the outage', () => outcomes.internal >= failedBefore + 10);
  const healthStarted = performance.now();
  assert.equal(await health(), 503);
  assert.ok(performance.now() - healthStarted < FAST_FAIL_MS, 'healthz answers fast');
  const okDuringOutage = outcomes.ok;

  // Then it accepts connections but never answers (a hung server): requests still end, with code 13.
  proxy.setBlackHole(true);
  await proxy.start();
  const hungStarted = performance.now();
  const hung = await shopA.client.call('POST', 'create_review', { body: { product_id: '100', rating: 5, author: 'During the hang' } });
  assert.equal(hung.code, 13, hung.message);
  assert.ok(performance.now() - hungStarted < FAST_FAIL_MS, 'a hung database does not hang the request');
  assert.equal(await health(), 503);
  await proxy.cut();
  proxy.setBlackHole(false);

  // It comes back on the same address: the pool recovers without a restart of the API.
  await proxy.start();
  await until('writes after the outage', () => outcomes.ok >= okDuringOutage + 15);
  assert.equal(await health(), 200);
  writing = false;
  await Promise.all(writers);

  assert.deepEqual(outcomes.other, [], 'only code 0 or 13');
  assert.ok(outcomes.internal >= 10);
  assert.ok(slowest < FAST_FAIL_MS, `no request hung (slowest ${Math.round(slowest)} ms)`);

  const stored = await database.db.selectFrom('reviews').select(['id', 'product_id', 'rating', 'is_published']).where('shop_id', '=', shopA.shopId).execute();
  const storedIds = new Set(stored.map((r) => String(r.id)));
  for (const id of acknowledged) assert.ok(storedIds.has(id), `acknowledged review ${id} is stored`);

  // Ratings equal a recount of the stored reviews.
  for (const product of ['100', '101', '102']) {
    const published = stored.filter((r) => r.product_id === product && r.is_published === 1);
    const summary = await database.db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopA.shopId).where('subject', '=', product).executeTakeFirstOrThrow();
    const stars = [1, 2, 3, 4, 5].map((s) => published.filter((r) => r.rating === s).length);
    assert.deepEqual([summary.star1, summary.star2, summary.star3, summary.star4, summary.star5].map(Number), stars, `product ${product} stars`);
    assert.equal(
      Number(summary.rating_sum),
      published.reduce((sum, r) => sum + r.rating, 0),
    );
    assert.equal(Number(summary.review_total), stored.filter((r) => r.product_id === product).length);
  }
  // Outbox: exactly one review/created delivery per stored review, none for a review that is not there.
  const deliveries = await database.db.selectFrom('webhook_deliveries').select(['payload', 'topic']).where('shop_id', '=', shopA.shopId).execute();
  const deliveredIds = deliveries.filter((d) => d.topic === 'review/created').map((d) => String((JSON.parse(d.payload) as { list: { id: string | number }[] }).list[0]!.id));
  assert.deepEqual(deliveredIds.sort(), [...storedIds].sort());
});
