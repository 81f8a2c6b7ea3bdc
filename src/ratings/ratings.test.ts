import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';
import { discardEvents } from '../events/events.ts';
import { setReviewPublished } from '../reviews/reviews.service.ts';
import { recount, summaries } from '../../test/rating-recount.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/plaudit.mjs', import.meta.url));

const zero = { rating_value: '0', review_count: 0, star1_count: 0, star2_count: 0, star3_count: 0, star4_count: 0, star5_count: 0 };

test('get_rating: the spec example shape for a product with no reviews', async (t) => {
  const { shopA } = await buildTestApp(t);
  const res = await shopA.client.getRating({ product_id: '123455', product_handle: 'undefined', is_store_rating: 0, is_all_products_rating: 0, is_all_rating: 0 });
  assert.equal(res.code, 0);
  assert.deepEqual(res.data, zero);
});

test('ratings follow every review write: create, publish change, delete; only published reviews count', async (t) => {
  const { shopA, app, database, clock } = await buildTestApp(t);
  await upsertProduct({ db: database.db, clock }, shopA.shopId, { product_id: '10', handle: 'blue-mug', title: 'Blue mug' });
  const create = async (rating: number, product_id: string | number, is_published?: 0 | 1) => {
    const res = await shopA.client.createReview({ rating, author: 'x', product_id, ...(is_published === undefined ? {} : { is_published }) });
    assert.equal(res.code, 0, res.message);
    return res.data.id;
  };
  await create(5, '10');
  await create(4, '10');
  await create(4, 10);
  const hidden = await create(1, '10', 0);
  await create(2, '20');
  const store = await create(3, 0);

  const rating = async (query: Record<string, unknown>) => (await shopA.client.getRating(query as never)).data;
  const blueMug = { rating_value: '4.3', review_count: 3, star1_count: 0, star2_count: 0, star3_count: 0, star4_count: 2, star5_count: 1 };
  assert.deepEqual(await rating({ product_id: '10' }), blueMug);
  assert.deepEqual(await rating({ product_handle: 'blue-mug' }), blueMug);
  assert.deepEqual(await rating({ product_id: '20' }), { ...zero, rating_value: '2', review_count: 1, star2_count: 1 });
  assert.deepEqual(await rating({ is_store_rating: 1 }), { ...zero, rating_value: '3', review_count: 1, star3_count: 1 });
  assert.deepEqual(await rating({ is_all_products_rating: 1 }), { rating_value: '3.8', review_count: 4, star1_count: 0, star2_count: 1, star3_count: 0, star4_count: 2, star5_count: 1 });
  assert.deepEqual(await rating({ is_all_rating: 1 }), { rating_value: '3.6', review_count: 5, star1_count: 0, star2_count: 1, star3_count: 1, star4_count: 2, star5_count: 1 });
  // Precedence: is_all_rating wins over everything else.
  assert.deepEqual(await rating({ is_all_rating: 1, is_store_rating: 1, product_id: '20' }), await rating({ is_all_rating: 1 }));

  // Publishing the hidden 1-star review moves it into the counts; hiding it again moves it out.
  const deps = { db: database.db, dialect: app.dialect, clock, events: discardEvents };
  await setReviewPublished(deps, shopA.shopId, Number(hidden), 1);
  assert.deepEqual(await rating({ product_id: '10' }), { rating_value: '3.5', review_count: 4, star1_count: 1, star2_count: 0, star3_count: 0, star4_count: 2, star5_count: 1 });
  await setReviewPublished(deps, shopA.shopId, Number(hidden), 1); // no change, no double count
  assert.equal((await rating({ product_id: '10' })).review_count, 4);
  await setReviewPublished(deps, shopA.shopId, Number(hidden), 0);
  assert.deepEqual(await rating({ product_id: '10' }), blueMug);

  // Deleting reviews takes them out; deleting an unpublished one changes nothing.
  assert.equal((await shopA.client.deleteReview(store)).code, 0);
  assert.equal((await shopA.client.deleteReview(hidden)).code, 0);
  assert.deepEqual(await rating({ is_store_rating: 1 }), zero);
  assert.deepEqual(await rating({ product_id: '10' }), blueMug);
  assert.equal((await rating({ is_all_rating: 1 })).review_count, 4);
});

test('rating_value rounds to one decimal and drops a trailing .0', async (t) => {
  const { shopA } = await buildTestApp(t);
  for (const r of [5, 5, 4]) await shopA.client.createReview({ rating: r, author: 'x', product_id: '1' });
  assert.equal((await shopA.client.getRating({ product_id: '1' })).data.rating_value, '4.7');
  for (const r of [5, 5]) await shopA.client.createReview({ rating: r, author: 'x', product_id: '2' });
  assert.equal((await shopA.client.getRating({ product_id: '2' })).data.rating_value, '5');
});

test('get_rating: an unknown handle rates nothing; no selector at all is code 3', async (t) => {
  const { shopA } = await buildTestApp(t);
  assert.deepEqual((await shopA.client.getRating({ product_handle: 'no-such-thing' })).data, zero);
  const none = await shopA.client.getRating({ product_handle: 'undefined' });
  assert.equal(none.code, 3);
  assert.match(none.message, /product_id/);
});

test('get_rating follows publish changes made by another process at once, right after being read', async (t) => {
  const { shopA, config, databaseUrl } = await buildTestApp(t);
  const created = await shopA.client.createReview({ rating: 4, author: 'x', product_id: '10' });
  const rating = async () => (await shopA.client.getRating({ product_id: '10' })).data;
  for (let i = 0; i < 3; i++) assert.equal((await rating()).review_count, 1);
  const env = { ...process.env, DATABASE_URL: databaseUrl, PLAUDIT_SECRET_KEY: config.secretKey, LOG_LEVEL: 'silent' };
  const cli = (action: string, ...more: string[]) => run(process.execPath, [BIN, 'reviews', action, '--domain', 'shop-a.myshopify.com', '--id', created.data.id, ...more], { env });

  await cli('unpublish', '--reason', 'other');
  assert.deepEqual(await rating(), zero);
  await cli('publish');
  assert.deepEqual(await rating(), { ...zero, rating_value: '4', review_count: 1, star4_count: 1 });
});

test('concurrent review writes of one shop keep every rating exact, their shards summed (several shards on PostgreSQL)', async (t) => {
  const { shopA, app, database, clock } = await buildTestApp(t);
  const db = database.db;
  const deps = { db, dialect: app.dialect, clock, events: discardEvents };
  const created = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const res = await shopA.client.createReview({ rating: (i % 5) + 1, author: 'x', product_id: String(i % 3) });
      assert.equal(res.code, 0, res.message);
      return res.data.id;
    }),
  );
  // Hides, shows again and deletes, all at once and on several connections.
  await Promise.all(
    created.map(async (id, i) => {
      if (i % 4 === 0) assert.equal((await shopA.client.deleteReview(id)).code, 0);
      if (i % 4 === 1) await setReviewPublished(deps, shopA.shopId, Number(id), 0);
      if (i % 4 === 2) {
        await setReviewPublished(deps, shopA.shopId, Number(id), 0);
        await setReviewPublished(deps, shopA.shopId, Number(id), 1);
      }
    }),
  );
  assert.deepEqual(await summaries(db, shopA.shopId), await recount(db, shopA.shopId));
  const all = (await shopA.client.getRating({ is_all_rating: 1 })).data;
  assert.equal(all.review_count, 20);
  const shards = await db.selectFrom('rating_summaries').select('shard').distinct().where('shop_id', '=', shopA.shopId).execute();
  if (app.dialect === 'sqlite') assert.deepEqual(shards, [{ shard: 0 }]);
  // Each pool connection writes its own shard: pids of several connections all ≡ 0 (mod 16) would be a 1-in-4,096 coincidence.
  else
    assert.ok(
      shards.some((s) => s.shard !== 0),
      `shards used: ${JSON.stringify(shards)}`,
    );
});
