import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { upsertProduct } from '../products/products.service.ts';
import { discardEvents } from '../events/events.ts';
import { setReviewPublished } from '../reviews/reviews.service.ts';

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
