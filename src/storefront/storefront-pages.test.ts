import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

test('the widget script and placeholder CSS are served with caching and CORS', async (t) => {
  const { app } = await buildTestApp(t);
  const script = await app.inject({ method: 'GET', url: '/widget/v1/plaudit.js' });
  assert.equal(script.statusCode, 200);
  assert.match(String(script.headers['content-type']), /^application\/javascript/);
  assert.equal(script.headers['access-control-allow-origin'], '*');
  assert.match(script.body, /Plaudit/);
  const again = await app.inject({ method: 'GET', url: '/widget/v1/plaudit.js', headers: { 'if-none-match': String(script.headers.etag) } });
  assert.equal(again.statusCode, 304);
  const loader = await app.inject({ method: 'GET', url: '/widget/v1/loader.js' });
  assert.equal(loader.body, script.body);
  const css = await app.inject({ method: 'GET', url: '/widget/v1/placeholder.css' });
  assert.match(css.body, /data-widget=star-rating\]/);
});

test('the widget goes out precompressed (brotli, gzip) from the build; the hashed URL is immutable, the stable URL short-lived', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const { app } = testApp;
  const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
  const plain = await get('/widget/v1/plaudit.js');
  const br = await get('/widget/v1/plaudit.js', 'gzip, deflate, br');
  const gz = await get('/widget/v1/plaudit.js', 'gzip;q=1, br;q=0');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(br.headers.vary, 'accept-encoding');
  assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
  assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
  assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `brotli ${br.rawPayload.length} bytes, plain ${plain.rawPayload.length}`);
  console.log(`# widget transfer: ${plain.rawPayload.length} bytes plain, ${gz.rawPayload.length} gzip, ${br.rawPayload.length} brotli`);
  assert.equal(plain.headers['cache-control'], 'public, max-age=300');

  // Hosted pages use the versioned URL, which never changes content.
  const page = await get('/s/shop-a.myshopify.com/reviews');
  const src = /<script async src="(\/widget\/v1\/plaudit\.[0-9a-f]{12}\.js)"/.exec(page.body)?.[1];
  assert.ok(src, 'the page references the hashed script');
  const versioned = await get(src, 'br');
  assert.equal(versioned.statusCode, 200);
  assert.equal(versioned.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.deepEqual(versioned.rawPayload, br.rawPayload);
  assert.equal((await get('/widget/v1/plaudit.0123456789ab.js')).statusCode, 404);
});

test('the demo page is not part of the production route table', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const res = await testApp.app.inject({ method: 'GET', url: '/s/shop-a.myshopify.com/demo/red-shirt' });
  assert.equal(res.statusCode, 404);
  const doc = (await testApp.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
  assert.deepEqual(
    Object.keys(doc.paths).filter((p) => p.includes('demo')),
    [],
  );
});

test('fragments: every widget type server-rendered as declarative shadow DOM, cacheable, shop-scoped', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const fragment = (query: string) => testApp.app.inject({ method: 'GET', url: `/storefront/v1/fragment?${query}` });
  const reviews = await fragment('shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001&show_form=1');
  assert.equal(reviews.statusCode, 200);
  assert.match(String(reviews.headers['content-type']), /^text\/html/);
  assert.equal(reviews.headers['access-control-allow-origin'], '*');
  assert.equal(reviews.headers['cache-control'], 'public, max-age=60');
  assert.match(reviews.body, /^<div class="trustoo-widget trustoo-ltr" data-widget="product-reviews" data-theme="auto" data-lang="en" data-product-id="1001"><template shadowrootmode="open"><style>/);
  for (const text of ['Great fit', 'Too small', 'With a photo', 'Thanks!', 'name="consent"', 'application/ld+json', 'class="plaudit-state"']) assert.ok(reviews.body.includes(text), text);
  for (const secret of ['@example.com', 'Hidden one', '555 0100']) assert.ok(!reviews.body.includes(secret), secret);
  const cached = await testApp.app.inject({
    method: 'GET',
    url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=1001&show_form=1',
    headers: { 'if-none-match': String(reviews.headers.etag) },
  });
  assert.equal(cached.statusCode, 304);
  const all = await fragment('shop=shop-a.myshopify.com&widget=all-reviews');
  assert.ok(all.body.includes('Lovely store') && all.body.includes('Mug is fine'));
  assert.ok(!all.body.includes('application/ld+json'), 'JSON-LD only describes a product');
  const star = await fragment('shop=shop-a.myshopify.com&widget=star-rating&product_handle=red-shirt');
  assert.match(star.body, /--r:3\.7.*3 reviews/);
  const collection = await fragment('shop=shop-a.myshopify.com&widget=collection-rating&product_id=1002');
  assert.match(collection.body, /\(1\)/);
  const badge = await fragment('shop=shop-a.myshopify.com&widget=store-rating-badge');
  assert.match(badge.body, /<b>3\.8<\/b><span class="c">5 reviews<\/span>/);
  const carousel = await fragment('shop=shop-a.myshopify.com&widget=carousel');
  assert.equal(carousel.body.match(/class="rv"/g)?.length, 3, 'carousels show 4-5 star reviews by default');
  const rtl = await fragment('shop=shop-a.myshopify.com&widget=star-rating&product_id=1001&lang=ar');
  assert.match(rtl.body, /class="trustoo-widget trustoo-rtl".* dir="rtl"/);
  const otherShop = await fragment('shop=shop-b.myshopify.com&widget=product-reviews&product_id=1001');
  assert.ok(!otherShop.body.includes('Great fit') && otherShop.body.includes('No reviews yet'));
});

test('fragments: hostile text stays text, and the embedded state cannot close its script element', async (t) => {
  const { app, shopA } = await buildTestApp(t);
  await shopA.client.createReview({ rating: 5, author: '</script><script>alert(1)</script>', content: '<img src=x onerror=alert(2)>', product_id: '77' });
  const res = await app.inject({ method: 'GET', url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=77' });
  assert.ok(!res.body.includes('<img src=x'));
  assert.ok(!res.body.includes('<script>alert'));
  assert.ok(res.body.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(res.body.includes('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>'));
});

test('fragment bad input: exact code, nothing written', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const before = await testApp.snapshot();
  const cases: Array<[string, number, RegExp]> = [
    ['shop=shop-a.myshopify.com', 3, /widget is required/],
    ['shop=shop-a.myshopify.com&widget=nope', 3, /widget/],
    ['shop=shop-a.myshopify.com&widget=product-reviews', 3, /product_id/],
    ['shop=shop-a.myshopify.com&widget=star-rating&product_id=x', 3, /product_id/],
    ['shop=shop-a.myshopify.com&widget=all-reviews&limit=99', 3, /limit/],
    ['shop=shop-a.myshopify.com&widget=all-reviews&lang=<b>', 3, /lang/],
    ['shop=shop-a.myshopify.com&widget=all-reviews&theme=pink', 3, /theme/],
    ['widget=all-reviews', 3, /shop/],
    ['shop=unknown.example.com&widget=all-reviews', 5, /shop not found/],
  ];
  for (const [query, code, message] of cases) {
    const res = await testApp.app.inject({ method: 'GET', url: `/storefront/v1/fragment?${query}` });
    assert.equal(res.json().code, code, query);
    assert.match(res.json().message, message, query);
  }
  assert.deepEqual(await testApp.snapshot(), before);
});

test('hosted all-reviews page works without JavaScript: links paginate, filter and sort', async (t) => {
  const testApp = await buildTestApp(t);
  const ids = await seedStorefront(testApp);
  for (let i = 0; i < 8; i++) await testApp.shopA.client.createReview({ rating: 4, author: `Extra ${i}`, commented_at: `2026-04-0${i + 1} 10:00:00` });
  const page = (query = '') => testApp.app.inject({ method: 'GET', url: `/s/shop-a.myshopify.com/reviews${query}` });
  const first = await page();
  assert.equal(first.statusCode, 200);
  assert.match(String(first.headers['content-type']), /^text\/html/);
  assert.match(first.body, /^<!doctype html>/);
  assert.ok(first.body.includes('Page 1 of 2') && first.body.includes('href="?page=2"'));
  assert.ok(first.body.includes('Lovely store') && !first.body.includes('Extra 0'));
  const second = await page('?page=2');
  assert.ok(second.body.includes('Page 2 of 2') && second.body.includes('Extra 0') && !second.body.includes('Lovely store'));
  const fives = await page('?star=5');
  assert.deepEqual(
    [...fives.body.matchAll(/<bdi class="au">([^<]*)</g)].map((m) => m[1]),
    ['Author 6', 'Author 1'],
  );
  const lowest = await page('?sort=rating-ascending');
  assert.equal([...lowest.body.matchAll(/<bdi class="au">([^<]*)</g)][0]![1], 'Author 2');
  assert.ok(lowest.body.includes('<option value="rating-ascending" selected>'));
  assert.equal((await page('?sort=bogus')).json().code, 3);
  assert.equal((await testApp.app.inject({ method: 'GET', url: '/s/unknown.example.com/reviews' })).statusCode, 404);
  assert.ok(ids.r1);
});

test('hosted write-a-review page posts a plain form: published, held, or shown again with the problem', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const { app } = testApp;
  const page = await app.inject({ method: 'GET', url: '/s/shop-a.myshopify.com/products/red-shirt/review' });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('action="/s/shop-a.myshopify.com/submit"') && page.body.includes('name="product_id" value="1001"'));
  assert.equal((await app.inject({ method: 'GET', url: '/s/shop-a.myshopify.com/products/nope/review' })).statusCode, 404);
  const post = (fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/s/shop-a.myshopify.com/submit',
      headers: FORM_HEADERS,
      payload: form({ product_id: '1001', title: 'T', content: 'Good', author: 'Ann', author_email: 'ann@example.com', consent: '1', website: '', ...fields }),
    });
  const five = await post({ rating: '5' });
  assert.equal(five.statusCode, 303);
  assert.equal(five.headers.location, '/s/shop-a.myshopify.com/thanks?status=published');
  const two = await post({ rating: '2', author_email: 'bo@example.com' });
  assert.equal(two.headers.location, '/s/shop-a.myshopify.com/thanks?status=pending');
  const thanks = await app.inject({ method: 'GET', url: two.headers.location as string });
  assert.ok(thanks.body.includes('after moderation'));
  const rows = await app.db.selectFrom('reviews').select(['rating', 'is_published', 'source']).where('author', '=', 'Ann').orderBy('rating').execute();
  assert.deepEqual(rows, [
    { rating: 2, is_published: 0, source: 'Store front' },
    { rating: 5, is_published: 1, source: 'Store front' },
  ]);

  const before = await testApp.snapshot();
  const noConsent = await post({ rating: '5', consent: '', author_email: 'c@example.com' });
  assert.equal(noConsent.statusCode, 400);
  assert.ok(noConsent.body.includes('role="alert"'));
  const noRating = await post({ author_email: 'd@example.com' });
  assert.equal(noRating.statusCode, 400);
  const spam = await post({ rating: '5', website: 'http://spam.example', author_email: 'e@example.com' });
  assert.equal(spam.statusCode, 303);
  const unknownShop = await app.inject({ method: 'POST', url: '/s/nope.example.com/submit', headers: FORM_HEADERS, payload: form({ rating: '5' }) });
  assert.equal(unknownShop.statusCode, 404);
  assert.deepEqual(await testApp.snapshot(), before);
});

test('every storefront endpoint is in the OpenAPI document with a summary and the Storefront tag', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const paths = [
    '/api/v1/reviews/get_product_reviews',
    '/api/v1/reviews/get_products_rating',
    '/api/v1/reviews/submit',
    '/api/v1/reviews/helpful',
    '/widget/v1/plaudit.js',
    '/storefront/v1/fragment',
    '/s/{shop}/reviews',
    '/s/{shop}/products/{handle}/review',
    '/s/{shop}/submit',
  ];
  for (const path of paths) {
    const operations = Object.values(doc.paths[path] ?? {}) as Array<{ summary?: string; tags?: string[] }>;
    assert.ok(operations.length > 0, path);
    for (const op of operations) {
      assert.ok(op.summary, path);
      assert.deepEqual(op.tags, ['Storefront'], path);
    }
  }
  const params = doc.paths['/api/v1/reviews/get_product_reviews'].get.parameters as Array<{ name: string; description?: string }>;
  assert.ok(
    params.every((p) => p.description),
    'every parameter is described',
  );
});

test('hosted pages describe themselves: meta description from the shop and product, an inline favicon, a canonical URL', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  await testApp.shopA.client.createReview({ rating: 5, author: 'Titled', title: 'A review with a title' });
  const { app } = testApp;
  const shop = await app.db.selectFrom('shops').select('name').where('domain', '=', 'shop-a.myshopify.com').executeTakeFirstOrThrow();
  const product = await app.db.selectFrom('products').select('title').where('handle', '=', 'red-shirt').executeTakeFirstOrThrow();
  const site = `${app.config.publicUrl}/s/shop-a.myshopify.com`;
  const head = async (url: string) => {
    const html = (await app.inject({ method: 'GET', url })).body;
    const headHtml = html.slice(0, html.indexOf('</head>'));
    const attr = (pattern: RegExp) => [...headHtml.matchAll(pattern)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    return {
      description: attr(/<meta name="description" content="([^"]*)">/g),
      icons: attr(/<link rel="icon" href="([^"]*)">/g).map((href) => href.slice(0, 18)),
      canonical: attr(/<link rel="canonical" href="([^"]*)">/g),
      headings: [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1])),
    };
  };
  const reviews = await head('/s/shop-a.myshopify.com/reviews?page=1&sort=rating-ascending');
  assert.deepEqual(
    { ...reviews, headings: [...new Set(reviews.headings)] },
    {
      description: [`What customers say about ${shop.name}: every published review, with ratings and photos.`],
      icons: ['data:image/svg+xml'],
      canonical: [`${site}/reviews`],
      headings: [1, 2, 3],
    },
    'the review titles (h3) follow the page h1 and h2: no level skipped',
  );
  assert.deepEqual((await head('/s/shop-a.myshopify.com/reviews?page=2')).canonical, [`${site}/reviews?page=2`]);
  assert.deepEqual(await head('/s/shop-a.myshopify.com/products/red-shirt/review'), {
    description: [`Share your experience with ${product.title} from ${shop.name}.`],
    icons: ['data:image/svg+xml'],
    canonical: [`${site}/products/red-shirt/review`],
    headings: [1],
  });
  assert.deepEqual(await head('/s/shop-a.myshopify.com/thanks?status=published'), {
    description: [`Thank you for reviewing ${shop.name}.`],
    icons: ['data:image/svg+xml'],
    canonical: [`${site}/thanks`],
    headings: [1],
  });
});
