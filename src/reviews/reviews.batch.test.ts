import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebhookTestApp } from '../../test/webhook-setup.ts';
import { recount, summaries } from '../../test/rating-recount.ts';
import type { Db } from '../db/database.ts';
import { allSinks, type EventSink } from '../events/events.ts';
import { createReview, writeReview, type ReviewDeps } from './reviews.service.ts';
import { ReviewWriteBatch } from './reviews.batch.ts';
import { reviewRowFromInput } from './reviews.input.ts';
import type { CreateReviewBody } from './reviews.schemas.ts';

/** The app's review deps, counting the transactions opened on its database. */
function countingDeps(deps: ReviewDeps, events: EventSink = deps.events): { deps: ReviewDeps; transactions: () => number } {
  let transactions = 0;
  const db = new Proxy(deps.db, {
    get(target, property) {
      if (property === 'transaction') transactions++;
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Db;
  return { deps: { ...deps, db, events }, transactions: () => transactions };
}

test('create_review requests of one turn are written in one transaction: each gets its own review, event and rating', async (t) => {
  const { app, shopA, shopB, subscribe, database } = await buildWebhookTestApp(t);
  await subscribe(shopA, 'review/created');
  const { deps, transactions } = countingDeps(app);
  const bodies = Array.from({ length: 12 }, (_, i) => ({ rating: (i % 5) + 1, author: `Author ${i}`, product_id: String(100 + (i % 3)), content: `review ${i}` }));
  const created = await Promise.all(bodies.map((body, i) => createReview(deps, i % 4 === 3 ? shopB.shopId : shopA.shopId, body as CreateReviewBody)));
  // SQLite answers the shop lookups at once, so all twelve share one; on PostgreSQL they come back over a few turns.
  if (app.dialect === 'sqlite') assert.equal(transactions(), 1, 'one shared transaction');
  else assert.ok(transactions() < 12, `${transactions()} transactions for 12 reviews`);
  assert.equal(new Set(created.map((r) => r.id)).size, 12);
  created.forEach((review, i) => {
    assert.equal(review.author, `Author ${i}`);
    assert.equal(review.content, `review ${i}`);
    assert.equal(review.rating, (i % 5) + 1);
  });
  // Each shop sees its own reviews, as the API reads them.
  for (const [shop, expected] of [
    [shopA, created.filter((_, i) => i % 4 !== 3)],
    [shopB, created.filter((_, i) => i % 4 === 3)],
  ] as const) {
    const listed = await shop.client.getReviews({ page_size: 50 });
    assert.deepEqual(listed.data.list.map((r) => r.id).sort(), expected.map((r) => r.id).sort());
    assert.deepEqual(await summaries(database.db, shop.shopId), await recount(database.db, shop.shopId));
  }
  // One webhook delivery per review of the subscribed shop, each carrying its review.
  const payloads = (await database.db.selectFrom('webhook_deliveries').select('payload').execute()).map((d) => JSON.parse(d.payload).list[0].id as number);
  assert.deepEqual(
    payloads.sort(),
    created
      .filter((_, i) => i % 4 !== 3)
      .map((r) => Number(r.id))
      .sort(),
  );
});

test('when the shared transaction fails, each review is written alone: the failing one fails with its own error, the others are saved', async (t) => {
  const { app, shopA, database } = await buildWebhookTestApp(t);
  const refuseBad: EventSink = {
    async emit(_trx, event) {
      if ((event.data as { author: string }).author === 'Bad') throw new Error('this review cannot be saved');
    },
  };
  const { deps, transactions } = countingDeps(app, allSinks([app.events, refuseBad]));
  // Added in one turn, so they form one batch on either database.
  const now = Date.now();
  const batch = new ReviewWriteBatch(deps, (row, at) => writeReview(deps, row, at));
  const rows = ['Ann', 'Bad', 'Cy'].map((author) => reviewRowFromInput({ rating: 4, author } as CreateReviewBody, { shopId: shopA.shopId, now, autoPublish: 1 }));
  const outcomes = await Promise.allSettled(rows.map((row) => batch.add(row, now)));
  assert.equal(transactions(), 4, 'the shared one, then one per review');
  assert.equal(outcomes[0]!.status, 'fulfilled');
  assert.equal(outcomes[2]!.status, 'fulfilled');
  assert.equal(outcomes[1]!.status, 'rejected');
  assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /this review cannot be saved/);
  const stored = await database.db.selectFrom('reviews').select('author').where('shop_id', '=', shopA.shopId).orderBy('id').execute();
  assert.deepEqual(stored, [{ author: 'Ann' }, { author: 'Cy' }]);
  assert.deepEqual(await summaries(database.db, shopA.shopId), await recount(database.db, shopA.shopId));
});

test('concurrent create_review requests through the partner API are all saved and counted', async (t) => {
  const { shopA, database } = await buildWebhookTestApp(t);
  const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => shopA.client.createReview({ rating: 5, author: `P${i}`, product_id: '7' })));
  for (const res of responses) assert.equal(res.code, 0, res.message);
  assert.equal(new Set(responses.map((r) => r.data.id)).size, 20);
  assert.equal((await shopA.client.getRating({ product_id: '7' })).data.review_count, 20);
  assert.deepEqual(await summaries(database.db, shopA.shopId), await recount(database.db, shopA.shopId));
});
