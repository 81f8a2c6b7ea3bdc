import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './helpers.ts';
import { seedStorefront } from './storefront-fixtures.ts';

/** JSON texts that are not ids of at most 20 digits within 2^53 - 1 (as numbers) or 20 digits (as strings). */
const BAD_IDS = ['1e30', '1e+25', '123456789012345678901234', '9007199254740993', '"123456789012345678901234"', '"1e30"', '"1e+25"', '-1', '1.5', '" 12"', '"0x1f"'];

/** Signed partner writes, each with one id field marked `ID`, and the field name the message must name. */
const PARTNER_WRITES: [endpoint: string, body: string, field: string][] = [
  ['create_review', '{"product_id":ID,"rating":5,"author":"Ann"}', 'product_id'],
  ['create_review', '{"product_id":"1","order_id":ID,"rating":5,"author":"Ann"}', 'order_id'],
  ['delete_review', '{"id":ID}', 'id'],
  ['push_orders', '{"orders":[{"order_id":ID}]}', 'orders[0].order_id'],
  ['push_orders', '{"orders":[{"order_id":"7","customer":{"id":ID}}]}', 'orders[0].customer.id'],
  ['push_orders', '{"orders":[{"order_id":"7","line_items":[{"product_id":ID}]}]}', 'orders[0].line_items[0].product_id'],
  ['update_shop_webhook', '{"id":ID,"url":"https://example.com/hook"}', 'id'],
  ['delete_shop_webhook', '{"id":ID}', 'id'],
  ['create_customer_exclude', '{"customer_id":ID}', 'customer_id'],
  ['delete_customer_exclude', '{"customer_id":ID}', 'customer_id'],
];

test('ids: 1e30, 1e+25, 24-digit and unsafe numbers are refused with code 3 naming the field, and nothing is written (partner API)', async (t) => {
  const { shopA, snapshot } = await buildTestApp(t);
  const before = await snapshot();
  for (const [endpoint, template, field] of PARTNER_WRITES) {
    for (const bad of BAD_IDS) {
      const res = await shopA.client.call('POST', endpoint, { body: template.replace('ID', bad) });
      assert.equal(res.code, 3, `${endpoint} ${field}=${bad}: ${res.message}`);
      assert.ok(res.message.includes(`invalid argument: ${field} `), `${endpoint} ${field}=${bad}: ${res.message}`);
    }
  }
  for (const bad of ['1e30', '123456789012345678901234', '-1']) {
    const res = await shopA.client.call('GET', 'get_review', { query: { id: bad } });
    assert.equal(res.code, 3, `get_review id=${bad}: ${res.message}`);
    assert.match(res.message, /invalid argument: id /);
  }
  assert.deepEqual(await snapshot(), before);
});

test('ids: 20-digit ids sent as strings are kept exactly; numbers up to 2^53 - 1 are accepted', async (t) => {
  const { shopA } = await buildTestApp(t);
  const big = await shopA.client.call<{ product_id: string; order_id: string }>('POST', 'create_review', {
    body: '{"product_id":"18446744073709551615","order_id":"99999999999999999999","rating":5,"author":"Ann"}',
  });
  assert.equal(big.code, 0, big.message);
  assert.deepEqual([big.data.product_id, big.data.order_id], ['18446744073709551615', '99999999999999999999']);
  const safe = await shopA.client.call<{ product_id: string; order_id: string }>('POST', 'create_review', {
    body: '{"product_id":9007199254740991,"order_id":9007199254740991,"rating":4,"author":"Ann"}',
  });
  assert.equal(safe.code, 0, safe.message);
  assert.deepEqual([safe.data.product_id, safe.data.order_id], ['9007199254740991', '9007199254740991']);
  const none = await shopA.client.call<{ order_id: string }>('POST', 'create_review', { body: '{"product_id":0,"order_id":"","rating":4,"author":"Ann"}' });
  assert.equal(none.code, 0, none.message);
  assert.equal(none.data.order_id, '');
  const pushed = await shopA.client.call('POST', 'push_orders', { body: '{"orders":[{"order_id":"12345678901234567890","line_items":[{"product_id":"12345678901234567891"}]}]}' });
  assert.equal(pushed.code, 0, pushed.message);
});

test('ids: the storefront refuses out-of-range ids with code 3 naming the field, and writes nothing', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const before = await testApp.snapshot();
  let n = 0;
  // Each request from its own address so the storefront's per-IP limits stay out of the way.
  const remoteAddress = () => `10.55.${Math.floor(++n / 250)}.${(n % 250) + 1}`;
  const post = (url: string, payload: string) => testApp.app.inject({ method: 'POST', url, payload, remoteAddress: remoteAddress(), headers: { 'content-type': 'application/json' } });
  for (const bad of BAD_IDS) {
    const helpful = await post('/api/v1/reviews/helpful', `{"shop":"shop-a.myshopify.com","review_id":${bad}}`);
    assert.deepEqual([helpful.statusCode < 500, helpful.json().code], [true, 3], `helpful ${bad}: ${helpful.body}`);
    assert.match(helpful.json().message, /invalid argument: review_id /);
  }
  for (const bad of ['1e30', '1e+25', '123456789012345678901234']) {
    const submit = await post(
      '/api/v1/reviews/submit',
      JSON.stringify({ shop: 'shop-a.myshopify.com', product_id: bad, rating: 5, content: 'x', author: 'A', author_email: 'a@example.com', consent: 1 }),
    );
    assert.equal(submit.json().code, 3, submit.body);
    assert.match(submit.json().message, /invalid argument: product_id /);
    for (const path of ['get_product_reviews', 'get_products_rating']) {
      const read = await testApp.app.inject({ method: 'GET', remoteAddress: remoteAddress(), url: `/api/v1/reviews/${path}?shop=shop-a.myshopify.com&product_id=${encodeURIComponent(bad)}` });
      assert.equal(read.json().code, 3, `${path} ${bad}: ${read.body}`);
      assert.match(read.json().message, /invalid argument: product_id /);
    }
    const read = await testApp.app.inject({ method: 'GET', remoteAddress: remoteAddress(), url: `/api/v1/reviews/get_products_rating?shop_id=${encodeURIComponent(bad)}&product_id=1` });
    assert.equal(read.json().code, 3, read.body);
  }
  assert.deepEqual(await testApp.snapshot(), before);
});
