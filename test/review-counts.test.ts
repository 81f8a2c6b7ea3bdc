import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from './helpers.ts';
import { discardEvents } from '../src/events/events.ts';
import { setReviewPublished } from '../src/reviews/reviews.service.ts';
import { listReviews, type ReviewFilter } from '../src/reviews/reviews.queries.ts';
import { backfillReviewTotals } from '../src/db/migrations/0005_review_totals.ts';

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

test('migration 0005 backfills review_total from the stored reviews', async (t) => {
  const setup = await buildTestApp(t);
  const { shopA, database } = setup;
  for (const fields of [{ product_id: '111' }, { product_id: '111', is_published: 0 }, { product_id: '333', is_published: 0 }, {}]) {
    assert.equal((await shopA.client.createReview({ author: 'Ann', rating: 4, ...fields } as never)).code, 0);
  }
  const before = await setup.snapshot();
  // As if the reviews had been written before the column existed.
  await database.db.updateTable('rating_summaries').set({ review_total: 0 }).execute();
  await database.db.deleteFrom('rating_summaries').where('subject', '=', '333').execute();
  await backfillReviewTotals(database.db);
  const after = await setup.snapshot();
  const withoutTime = (rows: unknown[] | undefined) => rows!.map((r) => ({ ...JSON.parse(r as string), updated_at: 0 }));
  assert.deepEqual(withoutTime(after.rating_summaries), withoutTime(before.rating_summaries));
  assert.deepEqual(after.reviews, before.reviews);
  await assertCountsMatchRows(setup, 'after backfill');
});
