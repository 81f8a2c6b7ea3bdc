import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';

const URL_EVENTS = '/api/v1/reviews/events';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15';
type Event = { event_type: string; event_source: string; os_type: string; review_id: string; product_id: string; page_url: string; extra: object; customer_id: string; customer_email: string };

test('events: a storefront event is stored, visible to the partner API and delivered to customer_event/created subscribers', async (t) => {
  const env = await buildWebhookTestApp(t);
  const ids = await seedStorefront(env);
  await env.subscribe(env.shopA, 'customer_event/created');
  const sent = await env.app.inject({
    method: 'POST',
    url: URL_EVENTS,
    remoteAddress: '10.0.0.1',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': IPHONE },
    payload: JSON.stringify({
      shop: 'shop-a.myshopify.com',
      event_type: 'PAGINATION',
      review_id: ids.r1,
      product_id: '1001',
      page_url: 'https://shop-a.example/products/red-shirt',
      extra: { page: 2 },
    }),
  });
  assert.equal(sent.statusCode, 200, sent.body);
  assert.deepEqual(sent.json().data, { recorded: 1 });
  assert.equal(sent.headers['access-control-allow-origin'], '*');
  // os_type sent explicitly wins over the User-Agent; shop named by id works too.
  const second = await env.app.inject({
    method: 'POST',
    url: URL_EVENTS,
    headers: { 'user-agent': IPHONE },
    payload: { shop_id: String(env.shopA.shopId), event_type: 'VIEW_REVIEW', os_type: 'WINDOWS' },
  });
  assert.equal(second.json().code, 0, second.body);

  const events = await env.shopA.client.call<{ list: Event[] }>('GET', 'get_customer_events', { query: { sort_by: 'created-ascending', event_source: 'STOREFRONT' } });
  assert.deepEqual(
    events.data.list.map((e) => [e.event_type, e.event_source, e.os_type, e.review_id, e.product_id, e.page_url, e.extra, e.customer_id, e.customer_email]),
    [
      ['PAGINATION', 'STOREFRONT', 'IOS', ids.r1, '1001', 'https://shop-a.example/products/red-shirt', { page: 2 }, '', ''],
      ['VIEW_REVIEW', 'STOREFRONT', 'WINDOWS', '', '', '', {}, '', ''],
    ],
  );
  const deliveries = await env.deliveries();
  assert.equal(deliveries.length, 2, 'one customer_event/created delivery per event');
  await env.worker.runOnce();
  const bodies = env.receiver.requests.map((r) => r.body).join('\n');
  assert.match(bodies, /"event_type":"PAGINATION"/);
  assert.match(bodies, /"event_type":"VIEW_REVIEW"/);

  const preflight = await env.app.inject({ method: 'OPTIONS', url: URL_EVENTS, headers: { origin: 'https://shop-a.example', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], '*');
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
});

test('events bad input: exact code, nothing written', async (t) => {
  const testApp = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000' } });
  const ids = await seedStorefront(testApp);
  const before = await testApp.snapshot();
  const ev = (fields: Record<string, unknown>) => ({ shop: 'shop-a.myshopify.com', event_type: 'CLICK_MEDIA', ...fields });
  const cases: Array<[unknown, number, RegExp]> = [
    ['not json', 3, /body/],
    [{ event_type: 'CLICK_MEDIA' }, 3, /shop/],
    [ev({ shop: 'nope.example.com' }), 5, /shop/],
    [ev({ event_type: 'DELETE_EVERYTHING' }), 3, /event_type/],
    [ev({ event_type: 'click_media' }), 3, /event_type/],
    [ev({ event_type: undefined }), 3, /event_type/],
    [ev({ event_source: 'EMAIL' }), 3, /event_source/],
    [ev({ os_type: 'PLAN9' }), 3, /os_type/],
    [ev({ review_id: 'abc' }), 3, /review_id/],
    [ev({ review_id: '99999' }), 5, /review/],
    [ev({ review_id: ids.r4 }), 5, /review/],
    [ev({ product_id: 'x1' }), 3, /product_id/],
    [ev({ page_url: 'javascript:alert(1)' }), 3, /page_url/],
    [ev({ page_url: `https://shop-a.example/${'a'.repeat(2100)}` }), 3, /page_url/],
    [ev({ extra: 'text' }), 3, /extra/],
    [ev({ extra: { nested: { a: 1 } } }), 3, /extra/],
    [ev({ extra: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }), 3, /extra/],
    [ev({ extra: { a: 'x'.repeat(200), b: 'x'.repeat(200), c: 'x'.repeat(200) } }), 3, /extra must be at most 512 bytes/],
    [ev({ customer_email: 'someone@example.com' }), 3, /additional/],
    [ev({ customer_id: '42' }), 3, /additional/],
  ];
  for (const [payload, code, message] of cases) {
    const res = await testApp.app.inject({ method: 'POST', url: URL_EVENTS, payload: payload as string, headers: { 'content-type': 'text/plain' } });
    const body = res.json();
    assert.equal(body.code, code, `${JSON.stringify(payload)}: ${body.message}`);
    assert.match(body.message, message, JSON.stringify(payload));
    assert.ok(res.statusCode < 500);
    assert.equal(body.data, null);
  }
  assert.deepEqual(await testApp.snapshot(), before);
});

test('events: shop B cannot reference shop A reviews, and each shop sees only its own events', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  const post = (payload: object) => testApp.app.inject({ method: 'POST', url: URL_EVENTS, payload });
  const before = await testApp.snapshot();
  assert.equal((await post({ shop: 'shop-b.myshopify.com', event_type: 'CLICK_REVIEW', review_id: ids.r1 })).json().code, 5);
  assert.deepEqual(await testApp.snapshot(), before);
  assert.equal((await post({ shop: 'shop-a.myshopify.com', event_type: 'CLICK_REVIEW', review_id: ids.r1 })).json().code, 0);
  assert.equal((await post({ shop: 'shop-b.myshopify.com', event_type: 'SORT_REVIEW', extra: { sort: 'rating-ascending' } })).json().code, 0);
  const ofA = await testApp.shopA.client.call<{ list: Event[] }>('GET', 'get_customer_events', {});
  const ofB = await testApp.shopB.client.call<{ list: Event[] }>('GET', 'get_customer_events', {});
  assert.deepEqual(
    ofA.data.list.map((e) => e.event_type),
    ['CLICK_REVIEW'],
  );
  assert.deepEqual(
    ofB.data.list.map((e) => [e.event_type, e.review_id, e.extra]),
    [['SORT_REVIEW', '', { sort: 'rating-ascending' }]],
  );
});

test('events: limited per IP per minute at six times the submit limit', async (t) => {
  const { app } = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1' } });
  const post = (ip: string) => app.inject({ method: 'POST', url: URL_EVENTS, payload: { shop: 'shop-a.myshopify.com', event_type: 'VIEW_REVIEW' }, remoteAddress: ip });
  const codes: number[] = [];
  for (let i = 0; i < 7; i++) codes.push((await post('10.0.3.1')).statusCode);
  assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 429]);
  const limited = await post('10.0.3.1');
  assert.equal(limited.json().code, 8);
  assert.equal((await post('10.0.3.2')).statusCode, 200, 'another address has its own allowance');
});
