import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, openTestDatabase, TEST_SECRET_KEY, type TestApp } from './helpers.ts';
import { discardEvents } from '../src/events/events.ts';
import { setReviewPublished } from '../src/reviews/reviews.service.ts';
import { listReviews, type ReviewFilter } from '../src/reviews/reviews.queries.ts';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import { applyRatingDelta } from '../src/ratings/ratings.queries.ts';
import { reviewRowFromInput } from '../src/reviews/reviews.input.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { recount, summaries } from './rating-recount.ts';

/** Filters whose get_reviews count may come from rating_summaries, and some that must count rows. */
const FILTERS: Record<string, unknown>[] = [
  {},
  { product_ids: '111' },
  { product_ids: ['111', '222'] },
  { product_ids: ['111', '111', '00111'] },
  { product_ids: '999' },
  { is_store_review: 1 },
  { is_store_review: 0 },
  { is_published: 1 },
  { is_published: 0 },
  { product_ids: '111', is_published: 0 },
  { product_ids: '111', is_published: 1, ratings: ['5', '5', '2'] },
  { is_store_review: 0, is_published: 1, ratings: '4' },
  { ratings: '2' },
  { ratings: '2', is_published: 0 },
  { keyword: 'great' },
  { sources: 'Amazon', product_ids: '111' },
];

/** page.count from the API (page_size 1, so the count is never just the length of a short page) against a row count. */
async function assertCountsMatchRows(setup: TestApp, when: string) {
  for (const query of FILTERS) {
    const res = await setup.shopA.client.call<{ page: { count: number } }>('GET', 'get_reviews', { query: { ...query, page_size: 1 } as never });
    assert.equal(res.code, 0, res.message);
    const filter: ReviewFilter = {
      productIds: [query.product_ids ?? []].flat().map((id) => String(id).replace(/^0+(?=\d)/, '')),
      ...(query.is_store_review === undefined ? {} : { storeOnly: query.is_store_review === 1 }),
      ...(query.keyword ? { keyword: String(query.keyword) } : {}),
      ratings: [query.ratings ?? []].flat().map(Number),
      sources: [query.sources ?? []].flat().map(String),
      ...(query.is_published === undefined ? {} : { isPublished: query.is_published as 0 | 1 }),
    };
    const all = await listReviews(setup.database.db, setup.shopA.shopId, filter, { offset: 0, limit: 1000, ascending: false });
    assert.equal(res.data.page.count, all.reviews.length, `${when}: count for ${JSON.stringify(query)}`);
  }
}

test('get_reviews count stays exact through creates, publish changes and deletes, with or without summaries to read it from', async (t) => {
  const setup = await buildTestApp(t);
  const { shopA, shopB, database, clock } = setup;
  const create = async (fields: Record<string, unknown>) => {
    const res = await shopA.client.createReview({ author: 'Ann', rating: 5, ...fields } as never);
    assert.equal(res.code, 0, res.message);
    return res.data.id;
  };
  const ids = [
    await create({ product_id: '111', rating: 5, content: 'great', source: 'Amazon' }),
    await create({ product_id: '111', rating: 2, is_published: 0 }),
    await create({ product_id: '111', rating: 5 }),
    await create({ product_id: '222', rating: 4, is_published: 0 }),
    await create({ product_id: '222', rating: 4 }),
    await create({ rating: 1 }),
    await create({ rating: 2, is_published: 0, content: 'Great store' }),
  ];
  // Shop B's reviews never leak into shop A's counts.
  for (const productId of ['111', '0', '111']) assert.equal((await shopB.client.createReview({ author: 'B', rating: 3, product_id: productId })).code, 0);
  await assertCountsMatchRows(setup, 'after creates');

  const deps = { db: database.db, dialect: database.dialect, clock, events: discardEvents };
  await setReviewPublished(deps, shopA.shopId, Number(ids[1]), 1);
  await setReviewPublished(deps, shopA.shopId, Number(ids[0]), 0);
  await assertCountsMatchRows(setup, 'after publish changes');

  assert.equal((await shopA.client.deleteReview(ids[0]!)).code, 0);
  assert.equal((await shopA.client.deleteReview(ids[5]!)).code, 0);
  assert.equal((await shopA.client.deleteReview(ids[3]!)).code, 0);
  assert.equal((await shopA.client.deleteReview(ids[3]!)).code, 5);
  await assertCountsMatchRows(setup, 'after deletes');

  const listed = await shopA.client.getReviews({ product_ids: '111', page: 1, page_size: 1 });
  assert.deepEqual(listed.data.page, { page: 1, page_size: 1, total_page: 2, count: 2 });
});

test('migration 1750 keeps every rating summary as shard 0, read through rating_totals, and writers go on adding to it', async (t) => {
  const { database } = await openTestDatabase(t, {}, { through: '1740_review_search' });
  const db = database.db;
  const { shop_id } = await createShop({ db, clock: systemClock, secrets: new SecretBox(TEST_SECRET_KEY) }, { domain: 'shards.myshopify.com' });
  const shopId = Number(shop_id);
  const now = Date.now();
  const bodies = [{ product_id: '111' }, { product_id: '111', rating: 2 }, { product_id: '333', is_published: 0 }, {}];
  for (const body of bodies)
    await db
      .insertInto('reviews')
      .values(reviewRowFromInput({ author: 'Ann', rating: 4, ...body } as never, { shopId, now, autoPublish: 1 }))
      .execute();
  // The summaries as they were kept before shards: one row per subject.
  const expected = await recount(db, shopId);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const untyped = db as unknown as Kysely<any>;
  for (const [subject, [star1, star2, star3, star4, star5, rating_sum, review_total]] of Object.entries(expected)) {
    await untyped.insertInto('rating_summaries').values({ shop_id: shopId, subject, star1, star2, star3, star4, star5, rating_sum, review_total, updated_at: now }).execute();
  }

  assert.deepEqual(await migrateToLatest(db, { through: '1750_rating_summary_shards' }), ['1750_rating_summary_shards']);
  assert.deepEqual(await summaries(db, shopId), expected, 'rating_totals reads what the table held');
  const shards = await db.selectFrom('rating_summaries').select('shard').distinct().where('shop_id', '=', shopId).execute();
  assert.deepEqual(shards, [{ shard: 0 }]);

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reviews')
      .values(reviewRowFromInput({ author: 'Bo', rating: 5, product_id: '111' } as never, { shopId, now, autoPublish: 1 }))
      .execute();
    await applyRatingDelta(trx, shopId, '111', 5, 1, now, 1);
  });
  assert.deepEqual(await summaries(db, shopId), await recount(db, shopId), 'a later write adds to the totals');
});
