import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';
import { feedUrlOfShopA, pathOf, plainParser } from '../feeds/feeds.testkit.ts';

const reviewsInFeed = (body: string) => (plainParser.parse(body) as { feed: { reviews: { review: { review_id: string; is_incentivized_review: string }[] } } }).feed.reviews.review;

test('an incentivized review is disclosed everywhere: partner API (extension field), storefront API, widget and hosted pages, JSON-LD, Google feed', async (t) => {
  const setup = await buildTestApp(t);
  const { app, shopA, shopB, clock, database } = setup;
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '111', handle: 'red-shirt', title: 'Red shirt', url: 'https://shop-a.example/red-shirt' });
  const rewarded = await shopA.client.createReview({ product_id: 111, rating: 2, author: 'Ann', content: 'Too small', is_incentivized: 1 } as never);
  const plain = await shopA.client.createReview({ product_id: 111, rating: 5, author: 'Bob', content: 'Great' });
  assert.equal(rewarded.code, 0, rewarded.message);
  assert.equal(rewarded.data.is_incentivized, 1);
  assert.equal(plain.data.is_incentivized, 0, 'default 0');

  const listed = (await shopA.client.getReviews()).data.list;
  assert.deepEqual(
    listed.map((r) => [r.author, r.is_incentivized]),
    [
      ['Bob', 0],
      ['Ann', 1],
    ],
    'the database-built Review JSON has the field',
  );
  assert.equal((await shopA.client.getReviews()).data.list[1]!.is_incentivized, 1, 'and so does the cached JSON');
  assert.equal((await shopA.client.call<{ is_incentivized: number }>('GET', 'get_review', { query: { id: rewarded.data.id } })).data.is_incentivized, 1);

  const storefront = await app.inject({ url: '/api/v1/reviews/get_product_reviews?shop=shop-a.myshopify.com&product_id=111&sort_by=created-descending' });
  const list = (storefront.json() as { data: { list: { author: string; is_incentivized: number }[] } }).data.list;
  assert.deepEqual(
    list.map((r) => [r.author, r.is_incentivized]),
    [
      ['Bob', 0],
      ['Ann', 1],
    ],
  );

  const fragment = (await app.inject({ url: '/storefront/v1/fragment?shop=shop-a.myshopify.com&widget=product-reviews&product_id=111' })).body;
  assert.equal(fragment.match(/<span class="ic">Rewarded review<\/span>/g)?.length, 1, 'one disclosure, on the rewarded review');
  const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(fragment)![1]!) as { review: { author: { name: string }; sponsor?: unknown }[] };
  assert.deepEqual(
    jsonLd.review.map((r) => [r.author.name, r.sponsor ?? null]),
    [
      ['Bob', null],
      ['Ann', { '@type': 'Organization', name: 'shop-a.myshopify.com' }],
    ],
  );

  const page = (await app.inject({ url: `/s/shop-a.myshopify.com/reviews/${rewarded.data.id}` })).body;
  assert.match(page, /<span>Rewarded review<\/span>/);
  assert.match(page, /"sponsor":\{"@type":"Organization","name":"shop-a.myshopify.com"\}/);
  assert.doesNotMatch((await app.inject({ url: `/s/shop-a.myshopify.com/reviews/${plain.data.id}` })).body, /Rewarded review|sponsor/);
  assert.match((await app.inject({ url: '/s/shop-a.myshopify.com/products/red-shirt/reviews' })).body, /Rewarded review/, 'the hosted product page');

  const feed = reviewsInFeed((await app.inject({ url: pathOf(await feedUrlOfShopA(setup)) })).body);
  assert.deepEqual(
    feed.map((r) => [r.review_id, r.is_incentivized_review]).sort(),
    [
      [plain.data.id, 'false'],
      [rewarded.data.id, 'true'],
    ].sort(),
  );

  const bad = await shopA.client.createReview({ rating: 5, author: 'Eve', is_incentivized: 2 } as never);
  assert.equal(bad.code, 3);
  assert.match(bad.message, /is_incentivized/);
  assert.equal((await shopA.client.getReviews()).data.list.length, 2, 'nothing written');
  assert.equal((await shopB.client.call('GET', 'get_review', { query: { id: rewarded.data.id } })).code, 5, "shop B cannot read shop A's review");
});
