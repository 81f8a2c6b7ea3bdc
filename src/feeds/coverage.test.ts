import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { upsertProduct } from '../products/products.service.ts';
import { feedCoverage } from './coverage.service.ts';
import { feedCommands } from './feeds.cli.ts';
import { IN_FEED, feedUrlOfShopA, pathOf, plainParser, seedFeedFixture } from './feeds.testkit.ts';

test('plaudit feeds check: what is in the feed, what is left out and why, products Google cannot match, eligibility', async (t) => {
  const setup = await buildTestApp(t);
  await seedFeedFixture(setup);
  const report = JSON.parse(await runCommand(setup, feedCommands, ['feeds', 'check', '--domain', 'shop-a.myshopify.com', '--json']));
  assert.deepEqual(report, {
    reviews_in_feed: IN_FEED.length,
    excluded: { store_reviews: 1, unpublished: 1, product_unknown: 1, product_without_url: 0, without_text: 1 },
    products_with_reviews: 2,
    products_without_identifier: 1,
    products_without_identifier_share: 0.5,
    reviews_without_identifier_share: 0.4,
    top_products_without_identifier: [{ product_id: '778', title: 'Blue scarf', reviews: 2 }],
    google_min_reviews: 50,
    eligible: false,
  });
  // The report counts what the feed really holds.
  const feed = await setup.app.inject({ url: pathOf(await feedUrlOfShopA(setup)) });
  assert.equal((plainParser.parse(feed.body) as { feed: { reviews: { review: unknown[] } } }).feed.reviews.review.length, report.reviews_in_feed);

  const text = await runCommand(setup, feedCommands, ['feeds', 'check', '--domain', 'shop-a.myshopify.com']);
  assert.match(text, /^reviews in the feed: 5\nGoogle eligibility \(>= 50 reviews\): no \(45 more needed\)\n/);
  assert.match(text, /products without GTIN, SKU or brand \+ MPN: 1 \(50% of products, 40% of the feed's reviews\)\n {2}778 {2}Blue scarf {2}\(2 reviews\)\n$/);

  // Brand + MPN identifies a product; so does a SKU alone. Shop B's report is its own.
  await upsertProduct({ db: setup.database.db, clock: setup.clock }, setup.shopA.shopId, { product_id: '778', handle: 'blue-scarf', title: 'Blue scarf', brand: 'Knit', mpn: 'BS-1' });
  assert.equal((await feedCoverage(setup.database.db, setup.shopA.shopId)).products_without_identifier, 0);
  const b = await feedCoverage(setup.database.db, setup.shopB.shopId);
  assert.deepEqual([b.reviews_in_feed, b.products_without_identifier, b.excluded.store_reviews], [1, 1, 0]);
});

test('a shop with 50 feed reviews passes the eligibility floor; an empty shop reports zeros', async (t) => {
  const setup = await buildTestApp(t);
  const empty = await feedCoverage(setup.database.db, setup.shopA.shopId);
  assert.deepEqual([empty.reviews_in_feed, empty.products_with_reviews, empty.products_without_identifier_share, empty.eligible], [0, 0, 0, false]);
  await upsertProduct({ db: setup.database.db, clock: setup.clock }, setup.shopA.shopId, { product_id: '1', handle: 'one', title: 'One', sku: 'S-1' });
  for (let i = 0; i < 50; i++) await setup.shopA.client.createReview({ rating: 2, author: `R${i}`, product_id: '1', content: 'ok' });
  const report = await feedCoverage(setup.database.db, setup.shopA.shopId);
  assert.deepEqual([report.reviews_in_feed, report.eligible, report.products_without_identifier], [50, true, 0]);
});
