import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';
import { setMinPublishRating } from './storefront.service.ts';
import { claimKey, markStored } from '../media/media.queries.ts';

const submission = (fields: Record<string, unknown> = {}) => ({
  shop: 'shop-a.myshopify.com',
  product_id: '1001',
  rating: 5,
  title: 'Nice',
  content: 'Fits well',
  author: 'Sam',
  author_email: 'Sam@Example.com',
  consent: 1,
  website: '',
  ...fields,
});

test('submit: 4-5 stars are published at once, the rest held; saved through createReview with ratings updated', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, shopA } = testApp;
  await seedStorefront(testApp);
  const post = (body: unknown, ip = '10.0.0.1') => app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: body as object, remoteAddress: ip });
  const five = await post(submission());
  assert.equal(five.statusCode, 200);
  assert.deepEqual(five.json().data, { status: 'published' });
  assert.equal(five.headers['access-control-allow-origin'], '*');
  const three = await post(submission({ rating: 3, author_email: 'other@example.com' }));
  assert.deepEqual(three.json().data, { status: 'pending' });

  const stored = await shopA.client.getReviews({ product_ids: '1001', sources: 'Store front' } as never);
  assert.deepEqual(
    stored.data.list.map((r) => [r.rating, r.is_published, r.author_email, r.source, r.title, r.content]),
    [
      [3, 0, 'other@example.com', 'Store front', 'Nice', 'Fits well'],
      [5, 1, 'sam@example.com', 'Store front', 'Nice', 'Fits well'],
    ],
  );
  const rating = await shopA.client.getRating({ product_id: '1001' });
  assert.equal(rating.data.review_count, 4, 'the published one counts, the held one does not');

  // The shop raises its rule: now only 5 stars are published.
  await setMinPublishRating({ db: testApp.database.db, clock: testApp.clock }, shopA.shopId, 5);
  const four = await post(submission({ rating: 4, author_email: 'four@example.com' }));
  assert.deepEqual(four.json().data, { status: 'pending' });
  // A store review (no product).
  const store = await post(submission({ product_id: undefined, author_email: 'store@example.com' }));
  assert.deepEqual(store.json().data, { status: 'published' });
  assert.equal((await shopA.client.getRating({ is_store_rating: 1 })).data.review_count, 2);
});

test('submit: a filled honeypot is accepted silently and nothing is written', async (t) => {
  const { app, snapshot } = await buildTestApp(t);
  const before = await snapshot();
  const res = await app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ product_id: undefined, website: 'http://spam.example' }) });
  assert.deepEqual(res.json().data, { status: 'pending' });
  assert.deepEqual(await snapshot(), before);
});

test('submit: at most 3 reviews per email per hour, and a per-IP limit per minute', async (t) => {
  const { app, clock } = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '5' } });
  const post = (body: unknown, ip: string) => app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: body as object, remoteAddress: ip });
  for (let i = 0; i < 3; i++) assert.equal((await post(submission({ product_id: undefined }), `10.0.1.${i}`)).json().code, 0);
  const fourth = await post(submission({ product_id: undefined, author_email: 'sam@example.com' }), '10.0.1.9');
  assert.equal(fourth.statusCode, 429);
  assert.equal(fourth.json().code, 8);
  clock.advance(61 * 60 * 1000);
  assert.equal((await post(submission({ product_id: undefined }), '10.0.1.10')).json().code, 0);

  const codes: number[] = [];
  for (let i = 0; i < 6; i++) codes.push((await post(submission({ product_id: undefined, author_email: `ip${i}@example.com` }), '10.0.2.1')).statusCode);
  assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
});

test('helpful: one vote per visitor per review, without cookies', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  const vote = (ip: string, ua: string, reviewId: string = ids.r1) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/helpful', payload: { shop: 'shop-a.myshopify.com', review_id: reviewId }, remoteAddress: ip, headers: { 'user-agent': ua } });
  assert.deepEqual((await vote('10.0.0.1', 'A')).json().data, { helpful_count: 1, counted: 1 });
  assert.deepEqual((await vote('10.0.0.1', 'A')).json().data, { helpful_count: 1, counted: 0 });
  assert.equal((await vote('10.0.0.1', 'A')).headers['set-cookie'], undefined);
  assert.deepEqual((await vote('10.0.0.2', 'A')).json().data, { helpful_count: 2, counted: 1 });
  const sorted = await testApp.app.inject({ method: 'GET', url: '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&sort_by=helpful-descending' });
  assert.equal(sorted.json().data.list[0].id, ids.r1);
  assert.equal(sorted.json().data.list[0].helpful_count, 2);
  // A held review cannot be voted on.
  assert.equal((await vote('10.0.0.3', 'A', ids.r4)).json().code, 5);
});

test('storefront bad input: exact code, and nothing written', async (t) => {
  const testApp = await buildTestApp(t, { env: { STOREFRONT_SUBMIT_PER_MINUTE: '1000' } });
  const ids = await seedStorefront(testApp);
  const before = await testApp.snapshot();
  const media = testApp.config.media.publicUrl;
  const cases: Array<[string, string, unknown, number, RegExp]> = [
    ['GET', '/api/v1/reviews/get_product_reviews', undefined, 3, /shop/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=nope.example.com', undefined, 5, /shop not found/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&limit=51', undefined, 3, /limit/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&page=0', undefined, 3, /page/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&sort_by=random', undefined, 3, /sort_by/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&star=6', undefined, 3, /star/],
    ['GET', '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&product_id=abc', undefined, 3, /product_id/],
    ['GET', '/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com', undefined, 3, /product_handle/],
    ['GET', `/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com&product_handle=${Array.from({ length: 101 }, (_, i) => `h${i}`).join(',')}`, undefined, 3, /at most 100/],
    ['GET', '/api/v1/reviews/get_products_rating?shop=shop-a.myshopify.com&product_id=x1', undefined, 3, /product_id/],
    ['POST', '/api/v1/reviews/submit', 'not json', 3, /body/],
    ['POST', '/api/v1/reviews/submit', submission({ rating: 0 }), 3, /rating/],
    ['POST', '/api/v1/reviews/submit', submission({ rating: '5' }), 3, /rating/],
    ['POST', '/api/v1/reviews/submit', submission({ consent: 0 }), 3, /consent/],
    ['POST', '/api/v1/reviews/submit', submission({ consent: undefined }), 3, /consent/],
    ['POST', '/api/v1/reviews/submit', submission({ author_email: 'not-an-email' }), 3, /author_email/],
    ['POST', '/api/v1/reviews/submit', submission({ content: '' }), 3, /content/],
    ['POST', '/api/v1/reviews/submit', submission({ author: '   ' }), 3, /author/],
    ['POST', '/api/v1/reviews/submit', submission({ product_handle: 'ghost', product_id: undefined }), 5, /product/],
    ['POST', '/api/v1/reviews/submit', submission({ shop: 'shop-c.example.com' }), 5, /shop/],
    ['POST', '/api/v1/reviews/submit', submission({ photos: ['https://evil.example/x.png'] }), 3, /photos\[0\] must be an image uploaded for this shop/],
    ['POST', '/api/v1/reviews/submit', submission({ photos: [`${media}/${testApp.shopB.shopId}/2026/6/1/b.png`] }), 3, /photos\[0\]/],
    ['POST', '/api/v1/reviews/submit', submission({ photos: [`${media}/${testApp.shopA.shopId}/2026/6/../../x.png`] }), 3, /photos\[0\]/],
    ['POST', '/api/v1/reviews/submit', submission({ photos: [`${media}/${testApp.shopA.shopId}/2026/6/1/a.png?x=1`] }), 3, /photos\[0\]/],
    ['POST', '/api/v1/reviews/submit', submission({ photos: Array.from({ length: 6 }, (_, i) => `${media}/${testApp.shopA.shopId}/2026/6/1/${i}.png`) }), 3, /photos/],
    ['GET', '/api/v1/reviews/upload_policy', undefined, 3, /shop/],
    ['GET', '/api/v1/reviews/upload_policy?shop=nope.example.com', undefined, 5, /shop/],
    ['POST', '/api/v1/reviews/helpful', { shop: 'shop-a.myshopify.com' }, 3, /review_id/],
    ['POST', '/api/v1/reviews/helpful', { shop: 'shop-a.myshopify.com', review_id: 'x' }, 3, /review_id/],
    ['POST', '/api/v1/reviews/helpful', { shop: 'shop-a.myshopify.com', review_id: '99999' }, 5, /review/],
    ['DELETE', '/api/v1/reviews/submit', undefined, 3, /not allowed/],
  ];
  for (const [method, url, payload, code, message] of cases) {
    const res = await testApp.app.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as string }) });
    const body = res.json();
    assert.equal(body.code, code, `${method} ${url} ${JSON.stringify(payload)}: ${body.message}`);
    assert.match(body.message, message, `${method} ${url}`);
    assert.ok(res.statusCode < 500);
    assert.equal(body.data, null);
  }
  assert.deepEqual(await testApp.snapshot(), before);
  assert.ok(ids.r1);
});

test('shop B sees none of shop A reviews and cannot vote on them', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/reviews/get_product_reviews?shop=shop-b.myshopify.com&product_id=1001' });
  assert.deepEqual(list.json().data.list, []);
  assert.deepEqual(list.json().data.rating, { rating: 0, total_reviews: 0, stars: [0, 0, 0, 0, 0] });
  const rating = await testApp.app.inject({ method: 'GET', url: '/api/v1/reviews/get_products_rating?shop=shop-b.myshopify.com&product_handle=red-shirt' });
  assert.deepEqual(rating.json().data, [{ product_id: '', product_handle: 'red-shirt', rating: 0, total_reviews: 0 }]);
  const before = await testApp.snapshot();
  const vote = await testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/helpful', payload: { shop: 'shop-b.myshopify.com', review_id: ids.r1 } });
  assert.equal(vote.json().code, 5);
  const submit = await testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ shop: 'shop-b.myshopify.com', product_handle: 'red-shirt', product_id: undefined }) });
  assert.equal(submit.json().code, 5, 'shop A product handles mean nothing to shop B');
  assert.deepEqual(await testApp.snapshot(), before);
});

test('plaudit storefront moderation shows and sets the rule the storefront applies', async (t) => {
  const { execFile } = await import('node:child_process');
  const { TEST_SECRET_KEY } = await import('../../test/helpers.ts');
  const testApp = await buildTestApp(t);
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/plaudit.mjs', 'storefront', 'moderation', ...args],
        { env: { ...process.env, DATABASE_URL: testApp.databaseUrl, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  assert.deepEqual(JSON.parse((await cli(['--domain', 'shop-a.myshopify.com', '--json'])).stdout), { domain: 'shop-a.myshopify.com', min_publish_rating: 4 });
  assert.deepEqual(JSON.parse((await cli(['--domain', 'shop-a.myshopify.com', '--min-rating', '6', '--json'])).stdout), { domain: 'shop-a.myshopify.com', min_publish_rating: 6 });
  const bad = await cli(['--domain', 'shop-a.myshopify.com', '--min-rating', '9']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /min_publish_rating/);
  const held = await testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ product_id: undefined }) });
  assert.deepEqual(held.json().data, { status: 'pending' }, 'with 6, even 5 stars are held');
});

test('with REDIS_URL the per-IP storefront limit is shared by every API process', async (t) => {
  const { buildApp } = await import('../app.ts');
  const { randomBytes } = await import('node:crypto');
  const env = { STOREFRONT_SUBMIT_PER_MINUTE: '2', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `plaudit-test-${randomBytes(6).toString('hex')}:` };
  const testApp = await buildTestApp(t, { env });
  const second = await buildApp((await import('../services.ts')).createServices(testApp.config, testApp.database, { clock: testApp.clock }));
  t.after(() => second.close());
  const codes: number[] = [];
  for (const [i, app] of [testApp.app, second, testApp.app].entries()) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ product_id: undefined, author_email: `r${i}@example.com` }), remoteAddress: '10.9.9.9' });
    codes.push(res.statusCode);
  }
  assert.deepEqual(codes, [200, 200, 429]);
});

test('upload_policy issues media credentials for the shop folder; submit accepts photos from it', async (t) => {
  const testApp = await buildTestApp(t);
  const res = await testApp.app.inject({ method: 'GET', url: '/api/v1/reviews/upload_policy?shop=shop-a.myshopify.com' });
  const creds = res.json().data;
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(creds.host, testApp.config.media.publicUrl);
  assert.match(creds.dir, new RegExp(`^${testApp.shopA.shopId}/2026/6/1/$`));
  const url = `${creds.host}/${creds.dir}photo-1.png`;
  // A review may only show a file that is stored (media.events.ts): the upload itself is media's tests' business.
  const claimed = await claimKey(testApp.database.db, {
    shop_id: testApp.shopA.shopId,
    object_key: `${creds.dir}photo-1.png`,
    kind: 'image',
    status: 'uploading',
    content_type: 'image/png',
    size: 0,
    etag: '',
    upload_token_hash: null,
    expires_at: null,
    referenced_at: null,
    created_at: testApp.clock.now(),
    updated_at: testApp.clock.now(),
  });
  await markStored(testApp.database.db, claimed!, { size: 68, etag: 'e', content_type: 'image/png', now: testApp.clock.now() });
  const sent = await testApp.app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission({ product_id: undefined, photos: [url] }) });
  assert.deepEqual(sent.json().data, { status: 'published' });
  const row = await testApp.database.db.selectFrom('reviews').select('media').where('author_email', '=', 'sam@example.com').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.media), [{ url, thumbnail_url: `${url}?x-oss-process=style/thumbnail`, type: 1, is_published: 1 }]);
});
