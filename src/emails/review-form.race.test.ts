import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { DAY, emailTestApp, linksOf } from './emails.testkit.ts';

const order = {
  order_id: 4242,
  order_name: '#4242',
  customer: { id: 77, email: 'racer@example.com', first_name: 'Ann', last_name: 'Lee' },
  line_items: [{ product_id: 111, title: 'Red shirt' }],
  created_at: '2026-05-30 10:00:00',
  fulfilled_at: '2026-06-01 12:00:00',
};

/** A fulfilled order, its review-request email sent, and the path of its review link. */
async function emailedLink(t: Parameters<typeof emailTestApp>[0]) {
  const env = await emailTestApp(t);
  assert.equal((await env.shopA.client.call('POST', 'push_orders', { body: { orders: [order] } })).code, 0);
  env.clock.advance(7 * DAY);
  await env.worker.runOnce();
  const link = new URL(linksOf(env.smtp.messages[0]!).review[0]!);
  return { ...env, path: link.pathname + link.search };
}

const emailReviews = (env: Awaited<ReturnType<typeof emailedLink>>) =>
  env.database.db.selectFrom('reviews').selectAll().where('shop_id', '=', env.shopA.shopId).where('source', '=', 'Email request').execute();

test('emailed review link: 8 simultaneous posts create exactly one review; the others are answered 409 (no 5xx)', async (t) => {
  const env = await emailedLink(t);
  const post = (n: number) =>
    env.app.inject({
      method: 'POST',
      url: env.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ rating: String((n % 5) + 1), author: `Ann ${n}` }).toString(),
    });
  const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => post(n)));
  const statuses = answers.map((a) => a.statusCode).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409], answers.map((a) => a.body.slice(0, 80)).join('\n'));
  for (const a of answers.filter((x) => x.statusCode === 409)) assert.match(a.body, /already reviewed this product/);
  const reviews = await emailReviews(env);
  assert.equal(reviews.length, 1);
  const summary = await env.database.db.selectFrom('rating_totals').selectAll().where('shop_id', '=', env.shopA.shopId).where('subject', '=', '111').executeTakeFirst();
  assert.equal(Number(summary?.review_total), 1, 'the rating counts the one review');
  assert.match((await env.app.inject({ method: 'GET', url: env.path })).body, /already reviewed this product/);
});

test('emailed review link: migration 1040 keeps existing duplicates, claims the earliest, and no further review can be added', async (t) => {
  const env = await emailedLink(t);
  const db = env.database.db;
  // The database as it was before 1040, holding two reviews from the same link (the old race).
  await sql`drop table email_review_claims`.execute(db);
  await db
    .deleteFrom('plaudit_migrations' as never)
    .where('name' as never, '=', '1040_email_review_claims' as never)
    .execute();
  const body = { product_id: '111', order_id: '4242', rating: 5 as const, author: 'Ann', source: 'Email request', is_verified: 1 as const };
  const first = await createReview(env.app, env.shopA.shopId, body);
  await createReview(env.app, env.shopA.shopId, { ...body, rating: 4 });
  assert.deepEqual(await migrateToLatest(db), ['1040_email_review_claims']);
  const claims = await db.selectFrom('email_review_claims').selectAll().execute();
  assert.deepEqual(
    claims.map((c) => [Number(c.shop_id), c.order_id, c.product_id, String(c.review_id)]),
    [[env.shopA.shopId, '4242', '111', first.id]],
  );
  assert.equal((await emailReviews(env)).length, 2, 'existing reviews are kept');
  const again = await env.app.inject({ method: 'POST', url: env.path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=3&author=Ann' });
  assert.equal(again.statusCode, 409);
  assert.equal((await emailReviews(env)).length, 2);
});
