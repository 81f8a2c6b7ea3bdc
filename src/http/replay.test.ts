import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { buildTestApp, openTestDatabase, TEST_SECRET_KEY, type TestApp } from '../../test/helpers.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock } from '../lib/clock.ts';
import { SecretBox } from '../lib/crypto.ts';
import { createShop } from '../shops/shops.service.ts';
import { EARLIER_KEYS_MARKER } from './replay.table.ts';
import { DatabaseSignatureStore, RedisSignatureStore } from './replay-guard.ts';
import { SharedRedis } from '../lib/redis.ts';
import { buildApp } from '../app.ts';
import { createServices } from '../services.ts';
import { queryPairs, signedHeaders } from '../client/index.ts';
import type { FastifyInstance } from 'fastify';

const ALLOW = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' };

/** One signed request captured on the wire: the same headers and bytes can be sent again anywhere. */
function capture(setup: TestApp, query: Record<string, string>, body?: unknown) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const { credentials } = setup.shopA;
  const headers = signedHeaders({ publicToken: credentials.public_token, privateToken: credentials.private_token }, queryPairs(query), text, String(Math.floor(setup.clock.now() / 1000)));
  const search = new URLSearchParams(query).toString();
  return async (app: FastifyInstance, method: 'GET' | 'POST', endpoint: string) => {
    const res = await app.inject({
      method,
      url: `/api/v1/openapi/${endpoint}${search ? `?${search}` : ''}`,
      headers: { ...headers, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(text === undefined ? {} : { payload: text }),
    });
    return res.json() as { code: number; message: string; data: unknown };
  };
}

async function createHook(setup: TestApp): Promise<string> {
  const created = await setup.shopA.client.call<{ id: string }>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://hooks.example.com/a' } });
  assert.equal(created.code, 0, created.message);
  setup.clock.advance(1000);
  return created.data.id;
}

const hookIds = async (setup: TestApp) => {
  setup.clock.advance(1000);
  return (await setup.shopA.client.call<{ id: string }[]>('GET', 'get_shop_webhooks')).data.map((h) => h.id);
};

test('by default a captured update_shop_webhook resent to delete_shop_webhook is refused as replayed (code 16)', async (t) => {
  const setup = await buildTestApp(t, { env: ALLOW });
  const id = await createHook(setup);
  const send = capture(setup, {}, { id: Number(id), url: 'https://hooks.example.com/new' });
  assert.equal((await send(setup.app, 'POST', 'update_shop_webhook')).code, 0);
  const replayed = await send(setup.app, 'POST', 'delete_shop_webhook');
  assert.equal(replayed.code, 16);
  assert.match(replayed.message, /replayed/);
  assert.deepEqual(await hookIds(setup), [id], 'the webhook is still there');
});

test("by default reads repeat freely, but a write reusing a read's signature is refused", async (t) => {
  const setup = await buildTestApp(t);
  const read = capture(setup, { is_all_rating: '1' });
  for (let i = 0; i < 3; i++) assert.equal((await read(setup.app, 'GET', 'get_rating')).code, 0);
  const asWrite = await read(setup.app, 'POST', 'create_review');
  assert.deepEqual([asWrite.code, /replayed/.test(asWrite.message)], [16, true]);
  // A new timestamp is a new request.
  setup.clock.advance(1000);
  assert.equal((await capture(setup, { is_all_rating: '1' })(setup.app, 'GET', 'get_rating')).code, 0);
});

test("a batch of reads' signatures is written together, on the batch's own timer, and each then refuses a write", async (t) => {
  const setup = await buildTestApp(t);
  const reads = ['1', '2', '3'].map((page) => capture(setup, { is_all_rating: '1', page }));
  for (const read of reads) for (let i = 0; i < 2; i++) assert.equal((await read(setup.app, 'GET', 'get_rating')).code, 0);
  const count = async () => (await setup.database.db.selectFrom('hmac_signatures').select('signature_key').execute()).length;
  // No explicit flush: the batch's timer (50 ms) writes it.
  const deadline = Date.now() + 5000;
  while ((await count()) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await count(), 3);
  const second = await buildApp(createServices(setup.config, setup.database, { clock: setup.clock }));
  t.after(() => second.close());
  for (const read of reads) assert.equal((await read(second, 'POST', 'create_review')).code, 16, 'another process refuses the read signature as a write');
});

test('HMAC_REPLAY_PROTECTION=all refuses a repeated read; off (and the old 0) accepts the replay; 1 means all', async (t) => {
  for (const [mode, secondRead, replayDeletes] of [
    ['all', 16, false],
    ['1', 16, false],
    ['off', 0, true],
    ['0', 0, true],
  ] as const) {
    const setup = await buildTestApp(t, { env: { ...ALLOW, HMAC_REPLAY_PROTECTION: mode } });
    const read = capture(setup, { is_all_rating: '1' });
    assert.equal((await read(setup.app, 'GET', 'get_rating')).code, 0, mode);
    assert.equal((await read(setup.app, 'GET', 'get_rating')).code, secondRead, mode);
    const id = await createHook(setup);
    const send = capture(setup, {}, { id: Number(id), url: 'https://hooks.example.com/new' });
    assert.equal((await send(setup.app, 'POST', 'update_shop_webhook')).code, 0, mode);
    assert.equal((await send(setup.app, 'POST', 'delete_shop_webhook')).code, replayDeletes ? 0 : 16, mode);
    assert.deepEqual(await hookIds(setup), replayDeletes ? [] : [id], mode);
  }
});

for (const [name, env] of [
  ['through the database', {}],
  ['through Redis', { REDIS_URL: 'redis://127.0.0.1:6379' }],
] as const) {
  test(`two API processes share the replay guard ${name}`, async (t) => {
    const setup = await buildTestApp(t, { env: { ...ALLOW, ...env, REDIS_KEY_PREFIX: `plaudit-test-${randomBytes(6).toString('hex')}:` } });
    // A second process: another app on the same database (and the same Redis).
    const second = await buildApp(createServices(setup.config, setup.database, { clock: setup.clock }));
    t.after(() => second.close());
    const id = await createHook(setup);
    const send = capture(setup, {}, { id: Number(id), url: 'https://hooks.example.com/new' });
    assert.equal((await send(setup.app, 'POST', 'update_shop_webhook')).code, 0);
    const replayed = await send(second, 'POST', 'delete_shop_webhook');
    assert.deepEqual([replayed.code, /replayed/.test(replayed.message)], [16, true]);
    const read = capture(setup, { is_all_rating: '1' });
    assert.equal((await read(setup.app, 'GET', 'get_rating')).code, 0);
    // Reads' signatures are written in 50 ms batches; flushing stands in for waiting.
    await setup.app.replayGuard!.flush();
    assert.equal((await read(second, 'POST', 'create_review')).code, 16, 'a read seen by one process is known to the other');
    assert.equal((await read(second, 'GET', 'get_rating')).code, 0, 'reads repeat across processes');
    const rows = await setup.database.db.selectFrom('hmac_signatures').select('signature_key').execute();
    assert.equal(rows.length > 0, name === 'through the database', 'with Redis up, the database keeps no signatures');
  });
}

test('the worker deletes remembered signatures once their window has ended', async (t) => {
  const setup = await buildTestApp(t);
  assert.equal((await setup.shopA.client.getRating({ is_all_rating: 1 })).code, 0);
  await setup.app.replayGuard!.flush();
  const count = async () => (await setup.database.db.selectFrom('hmac_signatures').select('signature_key').execute()).length;
  assert.equal(await count(), 1);
  await setup.worker.runOnce();
  assert.equal(await count(), 1, 'still inside the window');
  setup.clock.advance(16 * 60 * 1000);
  await setup.worker.runOnce();
  assert.equal(await count(), 0);
});

test('the bundled client signs a deliberately repeated write with another timestamp, so it is not refused as a replay', async (t) => {
  const setup = await buildTestApp(t);
  const review = { rating: 5 as const, author: 'Twice', content: 'Same body' };
  const first = await setup.shopA.client.createReview(review);
  const second = await setup.shopA.client.createReview(review);
  assert.deepEqual([first.code, second.code], [0, 0], second.message);
  assert.notEqual(first.data.id, second.data.id);
});

test("writes' signatures of one turn are written together: of two copies of one write sent at once only one is taken, and distinct writes all are", async (t) => {
  const setup = await buildTestApp(t);
  const copies = capture(setup, {}, { rating: 5, author: 'Twice' });
  const others = [1, 2, 3].map((i) => capture(setup, {}, { rating: 4, author: `Other ${i}` }));
  const answers = await Promise.all([copies, copies, ...others].map((send) => send(setup.app, 'POST', 'create_review')));
  assert.deepEqual(
    answers
      .slice(0, 2)
      .map((a) => a.code)
      .sort(),
    [0, 16],
    'one copy saved, the other refused',
  );
  assert.deepEqual(
    answers.slice(2).map((a) => a.code),
    [0, 0, 0],
  );
  const authors = (await setup.database.db.selectFrom('reviews').select('author').execute()).map((r) => r.author).sort();
  assert.deepEqual(authors, ['Other 1', 'Other 2', 'Other 3', 'Twice']);
  // Remembered, whichever copy was taken: sending it again later is refused too.
  assert.equal((await copies(setup.app, 'POST', 'create_review')).code, 16);
});

/** A signed create_review captured on the wire, and the keys its signature is stored under (earlier versions, and now). */
function capturedWrite(setup: TestApp, author: string) {
  const { credentials } = setup.shopA;
  const body = JSON.stringify({ rating: 5, author });
  const timestamp = String(Math.floor(setup.clock.now() / 1000));
  const headers = signedHeaders({ publicToken: credentials.public_token, privateToken: credentials.private_token }, [], body, timestamp);
  const text = `${credentials.public_token}\n${headers['Sign']!.toLowerCase()}`;
  const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
  return {
    send: async (app: FastifyInstance) =>
      (await app.inject({ method: 'POST', url: '/api/v1/openapi/create_review', headers: { ...headers, 'content-type': 'application/json' }, payload: body })).json() as { code: number },
    earlierKey: sha256(text),
    key: `${timestamp.padStart(12, '0')}.${sha256(`${timestamp.padStart(12, '0')}\n${text}`)}`,
  };
}

test("after the upgrade to 1760, a write first seen under its earlier key is still refused; until the marker's time new signatures are kept under both keys, then under their own only", async (t) => {
  const setup = await buildTestApp(t);
  const db = setup.database.db;
  const nowSeconds = () => Math.floor(setup.clock.now() / 1000);
  const keys = async () => (await db.selectFrom('hmac_signatures').select('signature_key').execute()).map((r) => r.signature_key);
  // What migration 1760 leaves on a database in use, and a write an earlier version recorded.
  await db
    .insertInto('hmac_signatures')
    .values({ signature_key: EARLIER_KEYS_MARKER, expires_at: nowSeconds() + 1800 })
    .execute();
  const seenBefore = capturedWrite(setup, 'Seen by the earlier version');
  await db
    .insertInto('hmac_signatures')
    .values({ signature_key: seenBefore.earlierKey, expires_at: nowSeconds() + 900 })
    .execute();

  const upgraded = await buildApp(createServices(setup.config, setup.database, { clock: setup.clock }));
  t.after(() => upgraded.close());
  assert.equal((await seenBefore.send(upgraded)).code, 16, 'replayed to an upgraded process');
  const during = capturedWrite(setup, 'During the transition');
  assert.equal((await during.send(upgraded)).code, 0);
  const kept = await keys();
  assert.ok(kept.includes(during.earlierKey), 'an earlier-version process would refuse it too');
  assert.ok(kept.includes(during.key));

  setup.clock.advance(31 * 60 * 1000);
  const later = await buildApp(createServices(setup.config, setup.database, { clock: setup.clock }));
  t.after(() => later.close());
  const after = capturedWrite(setup, 'After the transition');
  assert.equal((await after.send(later)).code, 0);
  assert.equal((await after.send(later)).code, 16, 'refused under its own key alone');
  const keptAfter = await keys();
  assert.equal(keptAfter.includes(after.earlierKey), false);
  assert.ok(keptAfter.includes(after.key));
});

test('migration 1760 records the transition on a database in use, and nothing on a new one', async (t) => {
  const marker = async (db: TestApp['database']['db']) => (await db.selectFrom('hmac_signatures').select('expires_at').where('signature_key', '=', EARLIER_KEYS_MARKER).executeTakeFirst())?.expires_at;
  const fresh = await openTestDatabase(t);
  assert.equal(await marker(fresh.database.db), undefined);

  const { database } = await openTestDatabase(t, {}, { through: '1750_rating_summary_shards' });
  await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(TEST_SECRET_KEY) }, { domain: 'upgraded.myshopify.com' });
  assert.deepEqual(await migrateToLatest(database.db, { through: '1760_signature_keys_by_time' }), ['1760_signature_keys_by_time']);
  const until = Number(await marker(database.db));
  const expected = Math.floor(Date.now() / 1000) + 1800;
  assert.ok(Math.abs(until - expected) <= 5, `marker until ${until}, expected about ${expected}`);
});

test('with Redis up, the replay guard keeps refusing repeats while the database cannot be read', async (t) => {
  const { database } = await openTestDatabase(t);
  const redis = new SharedRedis('redis://127.0.0.1:6379', `plaudit-test-${randomBytes(6).toString('hex')}:`, { warn: () => {} });
  t.after(() => redis.close());
  const store = new RedisSignatureStore(redis, new DatabaseSignatureStore(database.db));
  await database.close();
  const now = Math.floor(Date.now() / 1000);
  const text = `${String(now).padStart(12, '0')}\npublic-token\nsign`;
  assert.equal(await store.remember(text, now + 900, now), true);
  assert.equal(await store.remember(text, now + 900, now), false);
});
