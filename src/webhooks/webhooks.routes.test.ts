import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestShop } from '../../test/helpers.ts';
import { signedHeaders, queryPairs } from '../client/index.ts';
import type { FastifyInstance } from 'fastify';
import type { ManualClock } from '../lib/clock.ts';
import { unauthenticated } from '../http/errors.ts';

const ALLOW = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' };
type Hook = { id: string; topic: string; url: string; created_at: string; updated_at: string };

/** A signed call with any method, for the oldest PUT/DELETE paths the typed client does not speak. */
async function rawCall(app: FastifyInstance, clock: ManualClock, shop: TestShop, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, query: Record<string, string> = {}) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const pairs = queryPairs(query);
  const search = new URLSearchParams(query).toString();
  const headers = signedHeaders({ publicToken: shop.credentials.public_token, privateToken: shop.credentials.private_token }, pairs, text, String(Math.floor(clock.now() / 1000)));
  const res = await app.inject({
    method,
    url: `${path}${search ? `?${search}` : ''}`,
    headers: { ...headers, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(text === undefined ? {} : { payload: text }),
  });
  return JSON.parse(res.body) as { code: number; message: string; data: unknown };
}

test('create, list, update and delete a webhook; the data objects follow the spec', async (t) => {
  const { shopA, clock } = await buildTestApp(t, { env: ALLOW });
  const created = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://hooks.example.com/a' } });
  assert.equal(created.code, 0, created.message);
  assert.deepEqual(created.data, {
    id: created.data.id,
    topic: 'review/created',
    url: 'https://hooks.example.com/a',
    created_at: '2026-06-01T12:00:00Z',
    updated_at: '2026-06-01T12:00:00Z',
  });
  assert.match(created.data.id, /^[1-9][0-9]*$/);
  const second = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { topic: 'customer_event/created', url: 'http://127.0.0.1:9/b' } });
  assert.equal(second.code, 0, second.message);

  const listed = await shopA.client.call<Hook[]>('GET', 'get_shop_webhooks');
  assert.deepEqual(listed.data, [created.data, second.data]);
  assert.deepEqual((await shopA.client.call<Hook[]>('GET', 'get_shop_webhooks', { query: { topic: 'customer_event/created' } })).data, [second.data]);
  assert.deepEqual((await shopA.client.call<Hook[]>('GET', 'get_shop_webhooks', { query: { webhook_url: 'https://hooks.example.com/a' } })).data, [created.data]);

  clock.advance(60_000);
  const updated = await shopA.client.call<Hook>('POST', 'update_shop_webhook', { body: { id: Number(created.data.id), url: 'https://hooks.example.com/new' } });
  assert.equal(updated.code, 0, updated.message);
  assert.deepEqual(updated.data, { ...created.data, url: 'https://hooks.example.com/new', updated_at: '2026-06-01T12:01:00Z' });
  const retopic = await shopA.client.call<Hook>('POST', 'update_shop_webhook', { body: { id: created.data.id, topic: 'review/deleted' } });
  assert.equal(retopic.data.topic, 'review/deleted');
  assert.equal(retopic.data.url, 'https://hooks.example.com/new');

  const deleted = await shopA.client.call('POST', 'delete_shop_webhook', { body: { id: created.data.id } });
  assert.deepEqual([deleted.code, deleted.data], [0, {}]);
  assert.deepEqual((await shopA.client.call<Hook[]>('GET', 'get_shop_webhooks')).data, [second.data]);
  assert.equal((await shopA.client.call('POST', 'delete_shop_webhook', { body: { id: created.data.id } })).code, 5);
});

test('the oldest /api/v1/open_api paths: POST create, PUT update, DELETE delete (body or ?id=), GET list', async (t) => {
  const { app, shopA, clock } = await buildTestApp(t, { env: ALLOW });
  const created = await rawCall(app, clock, shopA, 'POST', '/api/v1/open_api/create_shop_webhook', { topic: 'review/updated', url: 'https://h.example.com/1' });
  assert.equal(created.code, 0, created.message);
  const id = (created.data as Hook).id;
  const other = await rawCall(app, clock, shopA, 'POST', '/api/v1/open_api/create_shop_webhook', { topic: 'review/created', url: 'https://h.example.com/2' });
  const updated = await rawCall(app, clock, shopA, 'PUT', '/api/v1/open_api/update_shop_webhook', { id, topic: 'review/deleted', url: 'https://h.example.com/3' });
  assert.equal(updated.code, 0, updated.message);
  assert.equal((updated.data as Hook).url, 'https://h.example.com/3');
  const listed = await rawCall(app, clock, shopA, 'GET', '/api/v1/open_api/get_shop_webhooks', undefined, { event_type: 'review/deleted' });
  assert.deepEqual(listed.data, [updated.data]);
  assert.equal((await rawCall(app, clock, shopA, 'DELETE', '/api/v1/open_api/delete_shop_webhook', { id })).code, 0);
  assert.equal((await rawCall(app, clock, shopA, 'DELETE', '/api/v1/open_api/delete_shop_webhook', undefined, { id: (other.data as Hook).id })).code, 0);
  assert.deepEqual((await shopA.client.call('GET', 'get_shop_webhooks')).data, []);
  // The newest paths keep POST only.
  assert.equal((await rawCall(app, clock, shopA, 'PUT', '/api/v1/openapi/update_shop_webhook', { id })).code, 3);
});

test('duplicate (topic, url) is code 6, unknown id code 5, the 51st webhook code 8', async (t) => {
  const { shopA } = await buildTestApp(t, { env: ALLOW });
  const body = { topic: 'review/created', url: 'https://h.example.com/x' };
  assert.equal((await shopA.client.call('POST', 'create_shop_webhook', { body })).code, 0);
  const dup = await shopA.client.call('POST', 'create_shop_webhook', { body });
  assert.deepEqual([dup.code, dup.message], [6, 'webhook for review/created to this url already exists']);
  // Same url, other topic is fine; updating into a duplicate is code 6.
  const other = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { ...body, topic: 'review/updated' } });
  assert.equal(other.code, 0);
  assert.equal((await shopA.client.call('POST', 'update_shop_webhook', { body: { id: other.data.id, topic: 'review/created' } })).code, 6);
  assert.equal((await shopA.client.call('POST', 'update_shop_webhook', { body: { id: '999999', url: 'https://h.example.com/y' } })).code, 5);
  assert.equal((await shopA.client.call('POST', 'delete_shop_webhook', { body: { id: 999999 } })).code, 5);
  for (let i = 2; i < 50; i++) {
    assert.equal((await shopA.client.call('POST', 'create_shop_webhook', { body: { ...body, url: `https://h.example.com/${i}` } })).code, 0);
  }
  const over = await shopA.client.call('POST', 'create_shop_webhook', { body: { ...body, url: 'https://h.example.com/too-many' } });
  assert.deepEqual([over.code, over.message], [8, 'at most 50 webhooks per shop and integration']);
});

test('bad input never writes: every endpoint answers the exact code and message', async (t) => {
  const { app, shopA, clock, snapshot } = await buildTestApp(t);
  const existing = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://h.example.com/ok' } });
  assert.equal(existing.code, 0, existing.message);
  const before = await snapshot();
  const cases: Array<[string, 'POST' | 'GET', Record<string, unknown> | string | undefined, number, RegExp]> = [
    ['create_shop_webhook', 'POST', { url: 'https://h.example.com/a' }, 3, /^invalid argument: topic is required$/],
    ['create_shop_webhook', 'POST', { topic: 'review/exploded', url: 'https://h.example.com/a' }, 3, /^invalid argument: topic is not valid \(event topic: review\/created, /],
    ['create_shop_webhook', 'POST', { topic: 'review/created' }, 3, /^invalid argument: url is required$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 42 }, 3, /^invalid argument: url must be string$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: '/relative/path' }, 3, /^invalid argument: url must be an absolute http\(s\) URL$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'ftp://h.example.com/a' }, 3, /^invalid argument: url must be an absolute http\(s\) URL$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'http://h.example.com/a' }, 3, /^invalid argument: url must use https/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'https://127.0.0.1/a' }, 3, /^invalid argument: url points to a loopback address$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'https://[::ffff:10.0.0.1]/a' }, 3, /^invalid argument: url points to a private address$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'https://169.254.169.254/latest' }, 3, /^invalid argument: url points to a cloud metadata address$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: 'https://localhost:8080/a' }, 3, /^invalid argument: url points to a loopback address$/],
    ['create_shop_webhook', 'POST', { topic: 'review/created', url: `https://h.example.com/${'a'.repeat(2048)}` }, 3, /^invalid argument: url must NOT have more than 2048 characters$/],
    ['create_shop_webhook', 'POST', '{"topic":', 3, /^invalid argument: body is not valid JSON$/],
    ['update_shop_webhook', 'POST', { topic: 'review/created' }, 3, /^invalid argument: id is required$/],
    ['update_shop_webhook', 'POST', { id: 'abc' }, 3, /^invalid argument: id is not valid \(webhook id\)$/],
    ['update_shop_webhook', 'POST', { id: existing.data.id, url: 'gopher://x' }, 3, /^invalid argument: url must be an absolute http\(s\) URL$/],
    ['update_shop_webhook', 'POST', { id: existing.data.id, topic: 'nope' }, 3, /^invalid argument: topic is not valid/],
    ['update_shop_webhook', 'POST', { id: '0' }, 5, /^webhook not found$/],
    ['delete_shop_webhook', 'POST', {}, 3, /^invalid argument: id is required$/],
    ['delete_shop_webhook', 'POST', { id: -1 }, 3, /^invalid argument: id is not valid \(webhook id\)$/],
    ['delete_shop_webhook', 'POST', { id: '99999999999999999999' }, 5, /^webhook not found$/],
    ['get_shop_webhooks', 'GET', undefined, 3, /^invalid argument: topic is not valid/],
  ];
  for (const [endpoint, method, body, code, message] of cases) {
    const res = endpoint === 'get_shop_webhooks' ? await shopA.client.call('GET', endpoint, { query: { topic: 'bogus' } }) : await shopA.client.call(method, endpoint, { body });
    assert.equal(res.code, code, `${endpoint} ${JSON.stringify(body)}: ${res.message}`);
    assert.match(res.message, message, `${endpoint} ${JSON.stringify(body)}`);
    assert.equal(res.data, null);
  }
  const legacyDelete = await rawCall(app, clock, shopA, 'DELETE', '/api/v1/open_api/delete_shop_webhook');
  assert.deepEqual([legacyDelete.code, legacyDelete.message], [3, 'invalid argument: id is required']);
  const unsigned = await app.inject({ method: 'POST', url: '/api/v1/openapi/create_shop_webhook', payload: { topic: 'review/created', url: 'https://h.example.com/z' } });
  assert.equal(JSON.parse(unsigned.body).code, 16);
  assert.deepEqual(await snapshot(), before);
});

test('shop B can neither see, change nor delete shop A webhooks', async (t) => {
  const { shopA, shopB, snapshot } = await buildTestApp(t);
  const a = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://h.example.com/a' } });
  const before = await snapshot();
  assert.deepEqual((await shopB.client.call('GET', 'get_shop_webhooks')).data, []);
  assert.equal((await shopB.client.call('POST', 'update_shop_webhook', { body: { id: a.data.id, url: 'https://evil.example.com/' } })).code, 5);
  assert.equal((await shopB.client.call('POST', 'delete_shop_webhook', { body: { id: a.data.id } })).code, 5);
  assert.deepEqual(await snapshot(), before);
  // B may subscribe the same topic and url: subscriptions are per shop.
  assert.equal((await shopB.client.call('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: 'https://h.example.com/a' } })).code, 0);
  assert.deepEqual((await shopA.client.call<Hook[]>('GET', 'get_shop_webhooks')).data, [a.data]);
});

test('a platform (bearer) owns its webhooks apart from the shop integration and other platforms; topics need their scope', async (t) => {
  const grants: Record<string, { platformId: number; scopes: string[] }> = {
    'token-p7': { platformId: 7, scopes: ['write_reviews'] },
    'token-p8': { platformId: 8, scopes: ['read_customer_events'] },
    'token-p9': { platformId: 9, scopes: ['read_reviews'] },
  };
  let shopId = 0;
  const { app, shopA, snapshot } = await buildTestApp(t, {
    deps: {
      verifyBearer: async (_request, token) => {
        const grant = grants[token];
        if (!grant) throw unauthenticated('unknown token');
        return { shopId, shopDomain: 'shop-a.myshopify.com', scheme: 'bearer', scopes: new Set(grant.scopes), platformId: grant.platformId };
      },
    },
  });
  shopId = shopA.shopId;
  const bearer = async (token: string, method: 'GET' | 'POST', endpoint: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url: `/api/v1/openapi/${endpoint}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return JSON.parse(res.body) as { code: number; message: string; data: unknown };
  };
  const url = 'https://h.example.com/p';
  const p7 = await bearer('token-p7', 'POST', 'create_shop_webhook', { topic: 'review/created', url });
  assert.equal(p7.code, 0, p7.message);
  const denied = await bearer('token-p7', 'POST', 'create_shop_webhook', { topic: 'customer_event/created', url });
  assert.deepEqual([denied.code, denied.message], [7, 'permission denied: topic customer_event/created needs the read_customer_events scope']);
  const p8 = await bearer('token-p8', 'POST', 'create_shop_webhook', { topic: 'customer_event/created', url });
  assert.equal(p8.code, 0, p8.message);
  // The shop's own integration may hold the same topic and url: owners are separate.
  const own = await shopA.client.call<Hook>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url } });
  assert.equal(own.code, 0, own.message);

  assert.deepEqual((await bearer('token-p7', 'GET', 'get_shop_webhooks')).data, [p7.data]);
  assert.deepEqual((await bearer('token-p8', 'GET', 'get_shop_webhooks')).data, [p8.data]);
  assert.deepEqual((await shopA.client.call('GET', 'get_shop_webhooks')).data, [own.data]);
  assert.equal((await bearer('token-p9', 'GET', 'get_shop_webhooks')).code, 7);

  const before = await snapshot();
  const p7Id = (p7.data as Hook).id;
  assert.equal((await bearer('token-p8', 'POST', 'update_shop_webhook', { id: p7Id, url: 'https://evil.example.com/' })).code, 5);
  assert.equal((await bearer('token-p8', 'POST', 'delete_shop_webhook', { id: p7Id })).code, 5);
  assert.equal((await shopA.client.call('POST', 'delete_shop_webhook', { body: { id: p7Id } })).code, 5);
  assert.equal((await bearer('token-p7', 'POST', 'delete_shop_webhook', { id: own.data.id })).code, 5);
  assert.equal((await bearer('token-p7', 'POST', 'update_shop_webhook', { id: p7Id, topic: 'customer_event/created' })).code, 7);
  assert.deepEqual(await snapshot(), before);
  assert.equal((await bearer('token-p7', 'POST', 'delete_shop_webhook', { id: p7Id })).code, 0);
});

test('the served OpenAPI document describes every webhook endpoint, new and oldest paths', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as {
    paths: Record<
      string,
      Record<string, { summary?: string; tags?: string[]; deprecated?: boolean; requestBody?: { content: Record<string, { schema: { properties: Record<string, { description?: string }> } }> } }>
    >;
    tags: { name: string }[];
  };
  assert.ok(doc.tags.some((tag) => tag.name === 'Webhooks'));
  const expected: Array<[string, string]> = [
    ['/api/v1/openapi/create_shop_webhook', 'post'],
    ['/api/v1/openapi/update_shop_webhook', 'post'],
    ['/api/v1/openapi/delete_shop_webhook', 'post'],
    ['/api/v1/openapi/get_shop_webhooks', 'get'],
    ['/api/v1/open_api/create_shop_webhook', 'post'],
    ['/api/v1/open_api/update_shop_webhook', 'put'],
    ['/api/v1/open_api/delete_shop_webhook', 'delete'],
    ['/api/v1/open_api/get_shop_webhooks', 'get'],
  ];
  for (const [path, method] of expected) {
    const operation = doc.paths[path]?.[method];
    assert.ok(operation, `${method} ${path}`);
    assert.ok(operation.summary, `${path} summary`);
    assert.deepEqual(operation.tags, ['Webhooks']);
    assert.equal(operation.deprecated ?? false, path.includes('/open_api/'));
  }
  const createBody = doc.paths['/api/v1/openapi/create_shop_webhook']!.post!.requestBody!.content['application/json']!.schema;
  for (const field of ['topic', 'url']) assert.ok(createBody.properties[field]?.description, field);
});
