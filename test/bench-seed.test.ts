import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp } from './helpers.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { seedShop } from '../bench/seed-shop.ts';
import { productIdAt } from '../bench/reviews-generator.ts';
import { recount, summaries } from './rating-recount.ts';

test('bench seed: 2,000 generated reviews in several transactions keep rating_summaries equal to a full recount', async (t) => {
  const { database, clock, config, shopA } = await buildTestApp(t);
  // The shop already has a review written through the API: seeding adds to its summaries.
  assert.equal((await shopA.client.createReview({ rating: 2, author: 'Early', product_id: productIdAt(0) })).code, 0);

  const result = await seedShop(
    database,
    { clock, secrets: new SecretBox(config.secretKey) },
    {
      reviews: 2000,
      domain: 'shop-a.myshopify.com',
      transactionRows: 700,
    },
  );
  assert.equal(result.shopId, shopA.shopId);
  assert.equal(result.credentials, null);
  assert.equal(result.inserted, 2000);

  const { db } = database;
  const counted = await db
    .selectFrom('reviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopA.shopId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(counted.n), 2001);
  const expected = await recount(db, shopA.shopId);
  assert.deepEqual(await summaries(db, shopA.shopId), expected);
  assert.equal(
    expected['*all']!.slice(0, 5).reduce((a, b) => a + b, 0),
    result.published + 1,
  );

  // Realistic spread: unpublished, store and photo reviews, every star value, 1,000 products.
  const unpublished = await db
    .selectFrom('reviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_published', '=', 0)
    .executeTakeFirstOrThrow();
  assert.ok(Number(unpublished.n) > 0);
  assert.ok(expected['0'], 'some store reviews');
  assert.ok(
    expected['*all']!.slice(0, 5).every((n) => n > 0),
    'every star value occurs',
  );
  const withPhotos = await db
    .selectFrom('reviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('media', '!=', '[]')
    .executeTakeFirstOrThrow();
  assert.ok(Number(withPhotos.n) > 50);
  const products = await db
    .selectFrom('products')
    .select(sql<number>`count(*)`.as('n'))
    .where('shop_id', '=', shopA.shopId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(products.n), 1000);

  // The API reads the same figures.
  const rating = await shopA.client.getRating({ product_id: productIdAt(0) });
  assert.equal(rating.code, 0);
  assert.equal(
    rating.data.review_count,
    expected[productIdAt(0)]!.slice(0, 5).reduce((a, b) => a + b, 0),
  );
  const page = await shopA.client.getReviews({ product_ids: productIdAt(0), page_size: 5 });
  assert.equal(page.data.list.length, 5);
  assert.equal(page.data.list[0]!.product_title, 'Bench product 0');
});

test('bench seed creates a missing shop, prints usable credentials, and leaves other shops alone', async (t) => {
  const { database, clock, config, shopB, snapshot, clientFor } = await buildTestApp(t);
  const before = await snapshot();
  const result = await seedShop(database, { clock, secrets: new SecretBox(config.secretKey) }, { reviews: 300, domain: 'New-Bench.example.com' });
  assert.ok(result.credentials);
  assert.equal(result.credentials.domain, 'new-bench.example.com');
  const listed = await clientFor(result.credentials).getReviews({ page_size: 1 });
  assert.equal(listed.code, 0);
  assert.equal(listed.data.page.count, 300);
  assert.equal((await shopB.client.getReviews({})).data.page.count, 0);
  const after = await snapshot();
  assert.deepEqual(
    after.reviews!.filter((r) => JSON.parse(r as string).shop_id !== result.shopId),
    before.reviews,
  );
  assert.deepEqual(await summaries(database.db, result.shopId), await recount(database.db, result.shopId));
});
