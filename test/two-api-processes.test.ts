import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, injectTransport, type TestApp } from './helpers.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';
import { PlauditClient } from '../src/client/index.ts';
import { discardEvents } from '../src/events/events.ts';
import { setReviewPublished } from '../src/reviews/reviews.service.ts';
import { rotatePrivateToken } from '../src/shops/shops.service.ts';

/**
 * A second API process: another app with a database handle of its own on the same database
 * (its own connections, its own committed-read caches), as `ROLE=api` processes run side by side.
 */
async function secondProcess(t: TestContext, setup: TestApp) {
  const config = loadConfig({ LOG_LEVEL: 'silent', PLAUDIT_SECRET_KEY: setup.config.secretKey, DATABASE_URL: setup.databaseUrl, API_RATE_PER_SECOND: '0' });
  const database = openDatabase(config);
  const app = await buildApp(createServices(config, database, { clock: setup.clock }));
  t.after(async () => {
    await app.close();
    await database.close();
  });
  return (credentials: { public_token: string; private_token: string }) =>
    new PlauditClient({ publicToken: credentials.public_token, privateToken: credentials.private_token, transport: injectTransport(app), now: () => Math.floor(setup.clock.now() / 1000) });
}

test('two API processes on one database: each answers the other’s writes on its very next request, with warm caches', async (t) => {
  const setup = await buildTestApp(t);
  const { shopA, clock, database, app } = setup;
  const other = await secondProcess(t, setup);
  const oneA = shopA.client;
  const twoA = other(shopA.credentials);

  const kept = await oneA.createReview({ rating: 4, author: 'Ann', product_id: '10' });
  const doomed = await twoA.createReview({ rating: 2, author: 'Bob', product_id: '10' });
  assert.deepEqual([kept.code, doomed.code], [0, 0]);
  const rating = async (client: PlauditClient) => {
    const res = await client.getRating({ product_id: '10' });
    assert.equal(res.code, 0, res.message);
    return [res.data.review_count, res.data.rating_value];
  };
  const reviews = async (client: PlauditClient) => {
    const res = await client.getReviews({ product_ids: '10' });
    assert.equal(res.code, 0, res.message);
    return res.data.list.map((r) => `${r.author}:${r.is_published}`).sort();
  };
  const state = async (client: PlauditClient) => ({ rating: await rating(client), reviews: await reviews(client) });
  const bothSee = async (expected: { rating: unknown[]; reviews: string[] }, what: string) => {
    assert.deepEqual(await state(twoA), expected, `the other process, ${what}`);
    assert.deepEqual(await state(oneA), expected, `the writing process, ${what}`);
  };

  // Warm both processes' caches: the token, the rating summary and the page, several times each.
  for (let i = 0; i < 3; i++) await bothSee({ rating: [2, '3'], reviews: ['Ann:1', 'Bob:1'] }, 'warm');

  const deps = { db: database.db, dialect: app.dialect, clock, events: discardEvents };
  await setReviewPublished(deps, shopA.shopId, Number(kept.data.id), 0);
  await bothSee({ rating: [1, '2'], reviews: ['Ann:0', 'Bob:1'] }, 'after an unpublish');
  await bothSee({ rating: [1, '2'], reviews: ['Ann:0', 'Bob:1'] }, 'after an unpublish, again');
  await setReviewPublished(deps, shopA.shopId, Number(kept.data.id), 1);
  await bothSee({ rating: [2, '3'], reviews: ['Ann:1', 'Bob:1'] }, 'after a publish');
  assert.equal((await oneA.deleteReview(doomed.data.id)).code, 0);
  await bothSee({ rating: [1, '4'], reviews: ['Ann:1'] }, 'after a delete');

  // A write in the other process shows in the first at once too.
  assert.equal((await twoA.createReview({ rating: 5, author: 'Cy', product_id: '10' })).code, 0);
  assert.deepEqual(await state(oneA), { rating: [2, '4.5'], reviews: ['Ann:1', 'Cy:1'] });

  // The token, used just now in both: rotated by the first process, refused by the other at once.
  const rotated = await rotatePrivateToken({ db: database.db, clock, secrets: app.secrets }, 'shop-a.myshopify.com');
  const stale = await twoA.getRating({ product_id: '10' });
  assert.equal(stale.code, 16, 'the other process refuses the old token');
  assert.equal((await oneA.getReviews({})).code, 16, 'so does the writing process');
  assert.deepEqual(await rating(other(rotated)), [2, '4.5']);
  assert.deepEqual(await rating(setup.clientFor(rotated)), [2, '4.5']);
  assert.deepEqual(await rating(other(setup.shopB.credentials)), [0, '0'], 'another shop is untouched');
});
