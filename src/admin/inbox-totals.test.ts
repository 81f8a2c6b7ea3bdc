import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp } from '../../test/helpers.ts';
import { seedShop } from '../../bench/seed-shop.ts';
import { productIdAt } from '../../bench/reviews-generator.ts';
import { memberOf } from './admin.testkit.ts';

type Page = { items: { id: string }[]; total: number; total_is_exact: boolean };

test('inbox totals: exact from the summaries or a count up to 10,000, else "10,000+"; the media filters find what a JSON scan finds', async (t) => {
  const testApp = await buildTestApp(t);
  const shopId = testApp.shopA.shopId;
  // Generated reviews (the benchmark's generator): 3% unpublished, 10% with photos, 1,000 products.
  await seedShop(testApp.database, { clock: testApp.clock, secrets: testApp.services.secrets }, { reviews: 10_400, domain: 'shop-a.myshopify.com' });
  const viewer = await memberOf(testApp, [{ shopId, role: 'viewer' }]);
  const page = async (query: string) => {
    const response = await viewer.call('GET', `/shops/${shopId}/reviews?limit=5${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Page;
  };
  const count = async (where: string) => Number((await sql<{ n: number }>`select count(*) as n from reviews where shop_id = ${shopId} and ${sql.raw(where)}`.execute(testApp.database.db)).rows[0]!.n);

  // From the summaries: exact at any size.
  assert.deepEqual(await page(''), { ...(await page('')), total: await count('1 = 1'), total_is_exact: true });
  const published = await page('&status=published');
  assert.deepEqual([published.total, published.total_is_exact], [await count('is_published = 1'), true]);
  const fiveStars = await page('&status=published&rating=5,4');
  assert.deepEqual([fiveStars.total, fiveStars.total_is_exact], [await count('is_published = 1 and rating in (4, 5)'), true]);
  const product = productIdAt(3);
  const ofProduct = await page(`&product_id=${product}`);
  assert.deepEqual([ofProduct.total, ofProduct.total_is_exact], [await count(`product_id = '${product}'`), true]);

  // Counted: exact below the cap, capped above it.
  const pending = await page('&status=pending');
  assert.deepEqual([pending.total, pending.total_is_exact], [await count('is_published = 0 and hide_reason is null'), true]);
  assert.ok(pending.total > 0);
  const media = await testApp.database.db.selectFrom('reviews').select('media').where('shop_id', '=', shopId).execute();
  const withType = (type: number) => media.filter((r) => (JSON.parse(r.media) as { type: number }[]).some((m) => m.type === type)).length;
  const photos = await page('&media=photo');
  assert.deepEqual([photos.total, photos.total_is_exact], [withType(1), true]);
  assert.ok(photos.total > 0);
  const videos = await page('&media=video');
  assert.deepEqual([videos.total, videos.total_is_exact], [withType(2), true]);
  const rated = await page('&rating=1,2,3,4,5');
  assert.deepEqual([rated.total, rated.total_is_exact], [10_000, false], 'more than 10,000 matches: total stops at the cap');
  assert.equal(rated.items.length, 5);
});
