import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import { createServices } from '../services.ts';
import { sign, stringToSign } from '../lib/signature.ts';

test('over the burst a credential gets code 8 with Retry-After; it refills with time; other shops are unaffected', async (t) => {
  const setup = await buildTestApp(t, { env: { API_RATE_PER_SECOND: '2', API_RATE_BURST: '3' } });
  const { app, shopA, shopB, clock } = setup;
  const call = async (shop: typeof shopA) => {
    const ts = String(Math.floor(clock.now() / 1000));
    const res = await app.inject({
      url: '/api/v1/openapi/get_rating?is_all_rating=1',
      headers: { 'Public-Token': shop.credentials.public_token, Timestamp: ts, Sign: sign(shop.credentials.private_token, stringToSign([['is_all_rating', '1']], ts)) },
    });
    return { code: (res.json() as { code: number }).code, retryAfter: res.headers['retry-after'], status: res.statusCode };
  };
  for (let i = 0; i < 3; i++) assert.equal((await call(shopA)).code, 0);
  const limited = await call(shopA);
  assert.deepEqual(limited, { code: 8, retryAfter: '1', status: 200 });
  assert.equal((await call(shopB)).code, 0);
  clock.advance(500);
  assert.equal((await call(shopA)).code, 0);
  assert.equal((await call(shopA)).code, 8);
});

test('requests with a bad signature do not spend the shop budget', async (t) => {
  const setup = await buildTestApp(t, { env: { API_RATE_PER_SECOND: '1', API_RATE_BURST: '1' } });
  const ts = String(Math.floor(setup.clock.now() / 1000));
  for (let i = 0; i < 5; i++) {
    const res = await setup.app.inject({ url: '/api/v1/openapi/get_rating?is_all_rating=1', headers: { 'Public-Token': setup.shopA.credentials.public_token, Timestamp: ts, Sign: 'bad' } });
    assert.equal((res.json() as { code: number }).code, 16);
  }
  assert.equal((await setup.shopA.client.getRating({ is_all_rating: 1 })).code, 0);
});

test('with REDIS_URL, API processes share one budget per credential', async (t) => {
  const env = { API_RATE_PER_SECOND: '1', API_RATE_BURST: '3', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `plaudit-test-${randomBytes(6).toString('hex')}:` };
  const setup = await buildTestApp(t, { env });
  // A second process: another app on the same database and the same Redis.
  const second = await buildApp(createServices(setup.config, setup.database, { clock: setup.clock }));
  t.after(() => second.close());
  const ts = String(Math.floor(setup.clock.now() / 1000));
  const headers = { 'Public-Token': setup.shopA.credentials.public_token, Timestamp: ts, Sign: sign(setup.shopA.credentials.private_token, stringToSign([['is_all_rating', '1']], ts)) };
  const codes: number[] = [];
  for (const app of [setup.app, second, setup.app, second]) {
    const res = await app.inject({ url: '/api/v1/openapi/get_rating?is_all_rating=1', headers });
    codes.push((res.json() as { code: number }).code);
  }
  assert.deepEqual(codes, [0, 0, 0, 8]);
});
