import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { buildTestApp } from './helpers.ts';
import { captureLogs } from './log-capture.ts';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { queryPairs, signedHeaders } from '../src/client/index.ts';

/** A port nothing listens on: taken from the OS, then released. */
const deadPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const WARN = 40;

test('Redis down: rate limits let requests through with a warning, the replay guard falls back to the database, the rest works', async (t) => {
  const logs = captureLogs();
  const env = {
    REDIS_URL: `redis://127.0.0.1:${await deadPort()}`,
    LOG_LEVEL: 'warn',
    API_RATE_PER_SECOND: '1',
    API_RATE_BURST: '1',
    STOREFRONT_SUBMIT_PER_MINUTE: '1',
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_ALLOW_HTTP: '1',
  };
  const setup = await buildTestApp(t, { env, deps: { logStream: logs.stream } });
  const { app, shopA, clock } = setup;

  // Partner API: a burst of 1, yet every call passes.
  for (let i = 0; i < 3; i++) assert.equal((await shopA.client.getRating({ is_all_rating: 1 })).code, 0);
  const created = await shopA.client.createReview({ rating: 5, author: 'Jane', content: 'Works without Redis' });
  assert.equal(created.code, 0, created.message);
  const listed = await shopA.client.getReviews({});
  assert.deepEqual(
    listed.data.list.map((r) => r.id),
    [created.data.id],
  );

  // Storefront: one submission a minute per address, yet both pass.
  for (const email of ['a@example.com', 'b@example.com']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reviews/submit',
      remoteAddress: '10.7.7.7',
      payload: { shop: 'shop-a.myshopify.com', rating: 5, title: 'Nice', content: 'Fits', author: 'Sam', author_email: email, consent: 1 },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  const warnings = logs
    .entries()
    .filter((e) => e.level === WARN)
    .map((e) => e.msg);
  assert.ok(warnings.includes('rate limits not applied: Redis is unreachable; requests are let through'), JSON.stringify(warnings));
  assert.ok(!logs.lines.join('\n').includes('"level":50'), 'nothing logged as an error');

  // Replay guard: in the database, shared with a second process.
  const second = await buildApp(createServices(setup.config, setup.database, { clock }));
  t.after(() => second.close());
  const created2 = await shopA.client.call<{ id: string }>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://hooks.example.com/a' } });
  assert.equal(created2.code, 0, created2.message);
  clock.advance(1000);
  const text = JSON.stringify({ id: Number(created2.data.id), url: 'https://hooks.example.com/b' });
  const headers = {
    ...signedHeaders({ publicToken: shopA.credentials.public_token, privateToken: shopA.credentials.private_token }, queryPairs({}), text, String(Math.floor(clock.now() / 1000))),
    'content-type': 'application/json',
  };
  const update = await app.inject({ method: 'POST', url: '/api/v1/openapi/update_shop_webhook', headers, payload: text });
  assert.equal(update.json().code, 0);
  const replayed = await second.inject({ method: 'POST', url: '/api/v1/openapi/delete_shop_webhook', headers, payload: text });
  assert.equal(replayed.json().code, 16);
  assert.match(replayed.json().message, /replayed/);
  const remembered = await setup.database.db.selectFrom('hmac_signatures').select('signature_key').execute();
  assert.ok(remembered.length > 0, 'signatures are kept in the database while Redis is down');
  assert.ok(logs.entries().some((e) => e.msg === 'replay guard uses the database: Redis is unreachable'));
});
