import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';

const get = async (app: import('fastify').FastifyInstance, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, body: res.body, json: res.body ? JSON.parse(res.body) : null };
};

test('get_product_reviews: published reviews of a product in the observed shape, never private fields', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, shopA } = testApp;
  const ids = await seedStorefront(testApp);
  const res = await get(app, '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&product_id=1001&sort_by=created-descending');
  assert.equal(res.status, 200);
  assert.equal(res.json.code, 0);
  assert.deepEqual(
    res.json.data.list.map((r: { id: string }) => r.id),
    [ids.r3, ids.r2, ids.r1],
  );
  assert.deepEqual(res.json.data.page, { cur_page: 1, total_page: 1, count: 3 });
  assert.deepEqual(res.json.data.rating, { rating: 3.7, total_reviews: 3, stars: [0, 1, 0, 1, 1] });
  assert.deepEqual(res.json.data.list[2], {
    id: ids.r1,
    star: 5,
    author: 'Author 1',
    title: '',
    content: 'Great fit',
    commented_at: '2026-05-01 10:00:00',
    reply_content: 'Thanks!',
    verified_badge: 1,
    is_incentivized: 0,
    helpful_count: 0,
    resources: [],
    corresponding_product: {
      product_id: '1001',
      product_name: 'Red shirt',
      product_handle: 'red-shirt',
      product_image: 'https://img.example/red.jpg',
      product_url: 'https://shop-a.example/products/red-shirt',
    },
  });
  // Only the published photo, with its thumbnail.
  assert.deepEqual(res.json.data.list[0].resources, [
    {
      resource_type: 1,
      src: 'https://img.example/p1.jpg',
      thumb: 'https://img.example/p1_s.jpg',
      width: 0,
      height: 0,
      average_hue: '',
      video_player_url: '',
    },
  ]);
  for (const secret of ['@example.com', '555 0100', 'is_published', 'Hidden one', 'hidden.jpg']) assert.ok(!res.body.includes(secret), secret);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['cache-control'], 'public, max-age=60');
  // The same product by handle, by shop id and by public token.
  for (const selector of [
    'shop=shop-a.myshopify.com&product_handle=red-shirt',
    `shop_id=${shopA.shopId}&product_id=1001`,
    `public_token=${encodeURIComponent(shopA.credentials.public_token)}&product_id=1001`,
  ]) {
    const other = await get(app, `/api/v1/reviews/get_product_reviews?${selector}&sort_by=created-descending`);
    assert.deepEqual(other.json.data.list, res.json.data.list, selector);
  }
});

test('get_product_reviews: shop-wide list, sorts, star and media filters, pagination', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  const list = async (query: string) => {
    const res = await get(testApp.app, `/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&${query}`);
    assert.equal(res.json.code, 0, res.json.message);
    return res.json.data;
  };
  const idsOf = (data: { list: { id: string }[] }) => data.list.map((r) => r.id);
  const all = await list('scene=3&is_show_all=1&no_empty=2&sort_by=created-descending');
  assert.deepEqual(idsOf(all), [ids.r6, ids.r5, ids.r3, ids.r2, ids.r1]);
  assert.deepEqual(all.rating, { rating: 3.8, total_reviews: 5, stars: [0, 1, 1, 1, 2] });
  assert.deepEqual(all.list[0].corresponding_product.product_id, '0');
  assert.deepEqual(idsOf(await list('')), [ids.r3, ids.r6, ids.r5, ids.r2, ids.r1], 'comprehensive: media first, then newest');
  assert.deepEqual(idsOf(await list('sort_by=rating-descending')), [ids.r6, ids.r1, ids.r3, ids.r5, ids.r2]);
  assert.deepEqual(idsOf(await list('sort_by=rating-ascending')), [ids.r2, ids.r5, ids.r3, ids.r6, ids.r1]);
  assert.deepEqual(idsOf(await list('sort_by=media-first')), [ids.r3, ids.r6, ids.r5, ids.r2, ids.r1]);
  assert.deepEqual(idsOf(await list('star=5&sort_by=created-descending')), [ids.r6, ids.r1]);
  assert.deepEqual(idsOf(await list('has_media=1')), [ids.r3]);
  assert.deepEqual(idsOf(await list('min_star=4&sort_by=created-descending')), [ids.r6, ids.r3, ids.r1]);
  const page2 = await list('sort_by=created-descending&limit=2&page=2');
  assert.deepEqual(idsOf(page2), [ids.r3, ids.r2]);
  assert.deepEqual(page2.page, { cur_page: 2, total_page: 3, count: 5 });
  assert.deepEqual((await list('product_handle=no-such-product')).list, []);
});

test('get_product_reviews: ETag answers 304 when unchanged; a storefront write changes it', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  const url = '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&product_id=1001';
  const first = await get(testApp.app, url);
  const etag = String(first.headers.etag);
  assert.match(etag, /^W\/"[A-Za-z0-9_-]{27}"$/);
  const again = await get(testApp.app, url, { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const vote = await testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/helpful', payload: { shop: 'shop-a.myshopify.com', review_id: ids.r1 } });
  assert.equal(vote.json().code, 0);
  const changed = await get(testApp.app, url, { 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.etag, etag);
});

test('get_products_rating: one batch call, aligned with the requested handles or ids', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const byHandle = await get(testApp.app, '/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com&product_handle=blue-mug,unknown,red-shirt');
  assert.deepEqual(byHandle.json.data, [
    { product_id: '1002', product_handle: 'blue-mug', rating: 3, total_reviews: 1 },
    { product_id: '', product_handle: 'unknown', rating: 0, total_reviews: 0 },
    { product_id: '1001', product_handle: 'red-shirt', rating: 3.7, total_reviews: 3 },
  ]);
  assert.equal(byHandle.headers['access-control-allow-origin'], '*');
  const byId = await get(testApp.app, '/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com&product_id=1001&product_id=9');
  assert.deepEqual(byId.json.data, [
    { product_id: '1001', product_handle: 'red-shirt', rating: 3.7, total_reviews: 3 },
    { product_id: '9', product_handle: '', rating: 0, total_reviews: 0 },
  ]);
  const shop = await get(testApp.app, '/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com&is_all_rating=1');
  assert.deepEqual(shop.json.data, [{ product_id: '', product_handle: '', rating: 3.8, total_reviews: 5 }]);
});

test('public endpoints answer CORS preflights for any origin', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'OPTIONS', url: '/api/v1/reviews/submit', headers: { origin: 'https://any.example', 'access-control-request-method': 'POST' } });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.match(String(res.headers['access-control-allow-methods']), /POST/);
  // Partner endpoints stay without CORS.
  const partner = await app.inject({ method: 'GET', url: '/api/v1/openapi/get_reviews' });
  assert.equal(partner.headers['access-control-allow-origin'], undefined);
});
