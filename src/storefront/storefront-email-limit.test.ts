import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { seedStorefront } from '../../test/storefront-fixtures.ts';

const submission = (n: number) => ({
  shop: 'shop-a.myshopify.com',
  product_id: '1001',
  rating: 5,
  title: `Nice ${n}`,
  content: 'Fits well',
  author: 'Sam',
  author_email: n % 2 ? 'Racer@Example.com' : 'racer@example.com',
  consent: 1,
  website: '',
});

test('storefront email limit: 12 simultaneous submissions from one email store at most 3 reviews; the rest get code 8', async (t) => {
  const testApp = await buildTestApp(t);
  await seedStorefront(testApp);
  const { app, database, shopA } = testApp;
  const before = await database.db.selectFrom('reviews').select('id').where('shop_id', '=', shopA.shopId).execute();
  // Each from its own address, so only the per-email limit can refuse.
  const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission(n), remoteAddress: `10.7.0.${n + 1}` })));
  const codes = answers.map((a) => a.json().code as number);
  assert.ok(
    answers.every((a) => a.statusCode < 500),
    'no 5xx',
  );
  assert.equal(codes.filter((c) => c === 0).length, 3, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === 8).length, 9, JSON.stringify(codes));
  const after = await database.db.selectFrom('reviews').select('id').where('shop_id', '=', shopA.shopId).where('author_email', '=', 'racer@example.com').execute();
  assert.equal(after.length, 3, 'exactly the three acknowledged reviews are stored');
  assert.equal((await database.db.selectFrom('reviews').select('id').where('shop_id', '=', shopA.shopId).execute()).length, before.length + 3);
  const counter = await database.db.selectFrom('storefront_email_limits').selectAll().execute();
  assert.deepEqual(
    counter.map((c) => Number(c.count)),
    [3],
    'refused submissions leave the counter as it was',
  );

  testApp.clock.advance(61 * 60_000);
  const later = await app.inject({ method: 'POST', url: '/api/v1/reviews/submit', payload: submission(99), remoteAddress: '10.7.1.1' });
  assert.equal(later.json().code, 0, 'a new window after an hour');
});
