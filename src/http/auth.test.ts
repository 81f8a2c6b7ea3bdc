import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { sign, stringToSign, splitQuery } from '../lib/signature.ts';
import { rotatePrivateToken } from '../shops/shops.service.ts';
import { SecretBox } from '../lib/crypto.ts';

type Setup = Awaited<ReturnType<typeof buildTestApp>>;

/** A hand-made signed request, so each test controls exactly what is signed and sent. */
async function rawCall(setup: Setup, opts: { method?: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string>; signQuery?: string; privateToken?: string; timestamp?: string }) {
  const { shopA, clock, app } = setup;
  const timestamp = opts.timestamp ?? String(Math.floor(clock.now() / 1000));
  const query = opts.path.includes('?') ? opts.path.slice(opts.path.indexOf('?') + 1) : '';
  const pairs = splitQuery(opts.signQuery ?? query, true);
  const signature = sign(opts.privateToken ?? shopA.credentials.private_token, stringToSign(pairs, timestamp, opts.body));
  const res = await app.inject({
    method: opts.method ?? 'GET',
    url: `/api/v1/openapi/${opts.path}`,
    headers: { 'Public-Token': shopA.credentials.public_token, Timestamp: timestamp, Sign: signature, ...(opts.body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body === undefined ? {} : { payload: opts.body }),
  });
  return { status: res.statusCode, json: res.json() as { code: number; message: string; data: unknown } };
}

test('a correctly signed GET and POST succeed; header names are case-insensitive', async (t) => {
  const setup = await buildTestApp(t);
  const get = await rawCall(setup, { path: 'get_rating?product_id=1' });
  assert.deepEqual([get.status, get.json.code], [200, 0]);
  const post = await rawCall(setup, { method: 'POST', path: 'create_review', body: '{"rating":5,"author":"Jane"}' });
  assert.equal(post.json.code, 0);
  const ts = String(Math.floor(setup.clock.now() / 1000));
  const lower = await setup.app.inject({
    url: '/api/v1/openapi/get_rating?is_all_rating=1',
    headers: { 'public-token': setup.shopA.credentials.public_token, timestamp: ts, sign: sign(setup.shopA.credentials.private_token, stringToSign([['is_all_rating', '1']], ts)) },
  });
  assert.equal(lower.json().code, 0);
});

test('the 15-minute window holds both ways', async (t) => {
  const setup = await buildTestApp(t);
  const now = Math.floor(setup.clock.now() / 1000);
  for (const [offset, code] of [
    [-900, 0],
    [900, 0],
    [-901, 16],
    [901, 16],
  ] as const) {
    const res = await rawCall(setup, { path: 'get_rating?is_all_rating=1', timestamp: String(now + offset) });
    assert.equal(res.json.code, code, `offset ${offset}`);
    if (code === 16) assert.match(res.json.message, /15 minutes/);
  }
});

test('each failed check is code 16 with a message naming the check, never the secret', async (t) => {
  const setup = await buildTestApp(t);
  const secret = setup.shopA.credentials.private_token;
  const cases: [string, Parameters<typeof rawCall>[1], RegExp][] = [
    ['missing Public-Token', { path: 'get_rating?is_all_rating=1', headers: { 'Public-Token': '' } }, /Public-Token/],
    ['unknown Public-Token', { path: 'get_rating?is_all_rating=1', headers: { 'Public-Token': 'AAAAAAAAAAAAAAAAAAAAAA==' } }, /unknown Public-Token/],
    ['missing Timestamp', { path: 'get_rating?is_all_rating=1', headers: { Timestamp: '' } }, /Timestamp/],
    ['non-numeric Timestamp', { path: 'get_rating?is_all_rating=1', timestamp: '17e8' }, /Unix time/],
    ['milliseconds Timestamp', { path: 'get_rating?is_all_rating=1', timestamp: String(setup.clock.now()) }, /Unix time in seconds/],
    ['missing Sign', { path: 'get_rating?is_all_rating=1', headers: { Sign: '' } }, /Sign/],
    ['wrong key', { path: 'get_rating?is_all_rating=1', privateToken: 'not-the-key' }, /Sign does not match/],
    ['tampered query', { path: 'get_rating?is_all_rating=1', signQuery: 'is_all_rating=0' }, /Sign does not match/],
  ];
  for (const [name, opts, pattern] of cases) {
    const res = await rawCall(setup, opts);
    assert.equal(res.json.code, 16, name);
    assert.match(res.json.message, pattern, name);
    assert.ok(!res.json.message.includes(secret), name);
  }
  // The body is signed byte for byte: reformatting the JSON after signing breaks the signature.
  const ts = String(Math.floor(setup.clock.now() / 1000));
  const signed = '{"rating":5,"author":"Jane"}';
  const res = await setup.app.inject({
    method: 'POST',
    url: '/api/v1/openapi/create_review',
    payload: '{"rating": 5, "author": "Jane"}',
    headers: { 'content-type': 'application/json', 'Public-Token': setup.shopA.credentials.public_token, Timestamp: ts, Sign: sign(secret, stringToSign([], ts, signed)) },
  });
  assert.equal(res.json().code, 16);
});

test('JSON key order is free because the raw body is signed', async (t) => {
  const setup = await buildTestApp(t);
  const res = await rawCall(setup, { method: 'POST', path: 'create_review', body: '{"author":"Jane","rating":5,"content":"ü ✓ 你好"}' });
  assert.equal(res.json.code, 0);
  assert.equal((res.json.data as { content: string }).content, 'ü ✓ 你好');
});

test('query signing: decoded values, indexed and repeated keys, with the raw and empty-value tolerances', async (t) => {
  const setup = await buildTestApp(t);
  // Decoded: the client signs "keyword=great fit" and sends it percent-encoded.
  const decoded = await rawCall(setup, { path: 'get_reviews?keyword=great%20fit&page=1', signQuery: 'keyword=great fit&page=1' });
  assert.equal(decoded.json.code, 0, decoded.json.message);
  // Indexed keys are signed as written (product_ids[0]), sorted with the rest.
  const indexed = await rawCall(setup, { path: 'get_reviews?product_ids[1]=2&product_ids[0]=1' });
  assert.equal(indexed.json.code, 0, indexed.json.message);
  // A client that signed the raw, still-encoded string is accepted (tolerance a).
  const ts = String(Math.floor(setup.clock.now() / 1000));
  const rawSigned = sign(setup.shopA.credentials.private_token, Buffer.from(`keyword=a%2Cb&timestamp=${ts}`));
  const raw = await setup.app.inject({ url: '/api/v1/openapi/get_reviews?keyword=a%2Cb', headers: { 'Public-Token': setup.shopA.credentials.public_token, Timestamp: ts, Sign: rawSigned } });
  assert.equal(raw.json().code, 0, raw.json().message);
  // A client that left empty values out of the string to sign is accepted (tolerance b).
  const noEmpty = await rawCall(setup, { path: 'get_rating?product_handle=&is_all_rating=1', signQuery: 'is_all_rating=1' });
  assert.equal(noEmpty.json.code, 0, noEmpty.json.message);
  // Timestamp/sign in the query are ignored for the signature: the header is authoritative.
  const extra = await rawCall(setup, { path: 'get_rating?is_all_rating=1&timestamp=1', signQuery: 'is_all_rating=1' });
  assert.equal(extra.json.code, 0, extra.json.message);
});

test('rotating the private token stops the old one at once', async (t) => {
  const setup = await buildTestApp(t);
  const deps = { db: setup.database.db, clock: setup.clock, secrets: new SecretBox(setup.config.secretKey) };
  const rotated = await rotatePrivateToken(deps, 'shop-a.myshopify.com');
  assert.equal(rotated.public_token, setup.shopA.credentials.public_token);
  assert.notEqual(rotated.private_token, setup.shopA.credentials.private_token);
  assert.equal((await setup.shopA.client.getRating({ is_all_rating: 1 })).code, 16);
  assert.equal((await setup.clientFor(rotated).getRating({ is_all_rating: 1 })).code, 0);
});

test('a non-empty Authorization header selects bearer auth with no fall-through to HMAC', async (t) => {
  const setup = await buildTestApp(t);
  const res = await rawCall(setup, { path: 'get_rating?is_all_rating=1', headers: { Authorization: 'Bearer nope' } });
  assert.equal(res.json.code, 16);
  const blank = await rawCall(setup, { path: 'get_rating?is_all_rating=1', headers: { Authorization: '  ' } });
  assert.equal(blank.json.code, 0);
});

test('bearer callers are held to the route scope (code 7); another shop is out of reach', async (t) => {
  const setup = await buildTestApp(t, {
    deps: {
      verifyBearer: async (_request, token) => ({
        shopId: setup0.shopA.shopId,
        shopDomain: 'shop-a.myshopify.com',
        scheme: 'bearer',
        platformId: 1,
        scopes: new Set(token === 'reader' ? ['read_reviews'] : []),
      }),
    },
  });
  const setup0 = setup;
  const call = (token: string, path: string) => setup.app.inject({ url: `/api/v1/openapi/${path}`, headers: { authorization: `Bearer ${token}` } });
  assert.equal((await call('reader', 'get_rating?is_all_rating=1')).json().code, 0);
  const denied = await call('nothing', 'get_rating?is_all_rating=1');
  assert.equal(denied.json().code, 7);
  assert.match(denied.json().message, /read_reviews/);
  const write = await setup.app.inject({ method: 'POST', url: '/api/v1/openapi/create_review', headers: { authorization: 'Bearer reader' }, payload: { rating: 5, author: 'x' } });
  assert.equal(write.json().code, 7);
});

test('replay protection, when switched on, refuses a signature seen before', async (t) => {
  const setup = await buildTestApp(t, { env: { HMAC_REPLAY_PROTECTION: '1' } });
  const first = await rawCall(setup, { path: 'get_rating?is_all_rating=1' });
  assert.equal(first.json.code, 0);
  const again = await rawCall(setup, { path: 'get_rating?is_all_rating=1' });
  assert.equal(again.json.code, 16);
  assert.match(again.json.message, /already used/);
});
