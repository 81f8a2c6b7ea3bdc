import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { STOREFRONT_API_PREFIX } from '../storefront/storefront.feature.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';
import { addReview, assertRatingsExact } from './inbox.testkit.ts';

const photo = { url: 'https://cdn.example.com/a.jpg', type: 1 as const };
const video = { url: 'https://cdn.example.com/a.mp4', type: 2 as const };

test("inbox: filters, full-text search, sort, total and cursor pages; another shop's reviews never show", async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  const ids = {
    old: await addReview(testApp, a, {
      rating: 1,
      author: 'Bob Builder',
      title: 'Broken zipper',
      content: 'The zipper broke',
      commented_at: '2026-01-10T10:00:00Z',
      is_published: 0,
      source: 'Email request',
    }),
    photo: await addReview(testApp, a, {
      rating: 5,
      author: 'Cécile',
      title: 'Lovely colour',
      content: 'Great fabric',
      commented_at: '2026-03-01T10:00:00Z',
      media: [photo],
      is_verified: 1,
      product_id: 1001,
    }),
    video: await addReview(testApp, a, {
      rating: 4,
      author: 'Dan',
      title: 'Fits well',
      content: 'Nice fit, washing machine safe',
      commented_at: '2026-04-01T10:00:00Z',
      media: [video],
      product_id: 1001,
    }),
    reply: await addReview(testApp, a, { rating: 3, author: 'Eve', title: 'Okay', content: 'Average', commented_at: '2026-05-01T10:00:00Z', reply: { content: 'Thanks for the zipper feedback' } }),
  };
  await addReview(testApp, testApp.shopB.shopId, { rating: 1, author: 'Bob Other', content: 'zipper', is_published: 0 });

  const list = async (query: string) => {
    const response = await owner.call('GET', `/shops/${a}/reviews${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { items: { id: string; status: string }[]; next_cursor: string | null; total: number };
  };
  const idsOf = async (query: string) => (await list(query)).items.map((i) => i.id);

  assert.deepEqual(await idsOf(''), [ids.reply, ids.video, ids.photo, ids.old]);
  assert.deepEqual(await idsOf('?status=pending'), [ids.old]);
  assert.deepEqual(await idsOf('?status=published&rating=4,5'), [ids.video, ids.photo]);
  assert.deepEqual(await idsOf('?media=photo'), [ids.photo]);
  assert.deepEqual(await idsOf('?media=video'), [ids.video]);
  assert.deepEqual(await idsOf('?media=any'), [ids.video, ids.photo]);
  assert.deepEqual(await idsOf('?media=none'), [ids.reply, ids.old]);
  assert.deepEqual(await idsOf('?product_id=1001'), [ids.video, ids.photo]);
  assert.deepEqual(await idsOf('?source=Email%20request'), [ids.old]);
  assert.deepEqual(await idsOf('?verified=true'), [ids.photo]);
  assert.deepEqual(await idsOf('?from=2026-02-01T00:00:00Z&to=2026-04-15T00:00:00Z'), [ids.video, ids.photo]);
  // Full-text: author, title, content and reply; every word; the last word as a prefix; accents folded on SQLite.
  assert.deepEqual(await idsOf('?q=zipper'), [ids.reply, ids.old]);
  assert.deepEqual(await idsOf('?q=bob'), [ids.old]);
  assert.deepEqual(await idsOf('?q=washing%20mach'), [ids.video]);
  assert.deepEqual(await idsOf('?q=zipper%20broke'), [ids.old]);
  assert.deepEqual(await idsOf('?q=100%25%20_'), [], 'LIKE wildcards are just text');
  assert.deepEqual(await idsOf('?sort=oldest'), [ids.old, ids.photo, ids.video, ids.reply]);
  assert.deepEqual(await idsOf('?sort=rating_desc'), [ids.photo, ids.video, ids.reply, ids.old]);
  assert.deepEqual(await idsOf('?sort=rating_asc'), [ids.old, ids.reply, ids.video, ids.photo]);

  // Cursor pages cover the list once, in order; total counts every match.
  for (const sort of ['newest', 'rating_asc']) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.total, 4);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, await idsOf(`?sort=${sort}`));
  }
  const first = await list('?limit=2');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?limit=2&status=pending&cursor=${first.next_cursor}`), 400, 'invalid-argument', 'cursor');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?cursor=garbage`), 400, 'invalid-argument', 'cursor');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?status=gone`), 400, 'invalid-argument', 'status');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?rating=6`), 400, 'invalid-argument', 'rating');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?from=yesterday`), 400, 'invalid-argument', 'from');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?limit=1000`), 400, 'invalid-argument', 'limit');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?q=%22%2A`), 400, 'invalid-argument', 'q');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?media=gif`), 400, 'invalid-argument', 'media');
  assertProblem(await owner.call('GET', `/shops/${a}/reviews?bogus=1`), 400, 'invalid-argument', 'bogus');
});

test('moderation through the reviews service: ratings exact, webhooks, storefront, ledger history', async (t) => {
  const testApp = await buildTestApp(t, { env: { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' } });
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }], 'mod@example.com');
  const db = testApp.database.db;
  await subscribeAll(testApp);
  const id = await addReview(testApp, a, { rating: 2, author: 'Zed', content: 'meh', is_published: 0, product_id: 77, media: [photo, video] });
  const path = `/shops/${a}/reviews/${id}`;

  const published = await moderator.call('POST', `${path}/publish`, {});
  assert.equal(published.statusCode, 200, published.body);
  assert.equal(published.json().status, 'published');
  await assertRatingsExact(testApp, a);
  // Publishing twice changes nothing (no second rating move, no second event).
  assert.equal((await moderator.call('POST', `${path}/publish`)).statusCode, 200);
  await assertRatingsExact(testApp, a);

  const hidden = (await moderator.call('POST', `${path}/hide`, { reason: 'offensive' })).json();
  assert.equal(hidden.status, 'hidden');
  assert.equal(hidden.hide_reason, 'offensive');
  await assertRatingsExact(testApp, a);
  assert.equal((await moderator.call('POST', `${path}/hide`, { reason: 'spam' })).json().status, 'spam');
  await assertRatingsExact(testApp, a);
  assertProblem(await moderator.call('POST', `${path}/hide`, { reason: 'ugly' }), 400, 'invalid-argument', 'reason');
  await moderator.call('POST', `${path}/publish`);

  const flagged = (await moderator.call('PATCH', path, { featured: true, pinned: true, tag: 'vip' })).json();
  assert.deepEqual([flagged.featured, flagged.pinned, flagged.tag], [true, true, 'vip']);
  assertProblem(await moderator.call('PATCH', path, {}), 400, 'invalid-argument', 'body');

  const replied = (await moderator.call('PUT', `${path}/reply`, { content: 'Sorry to hear, <b>we</b> will do better' })).json();
  assert.equal(replied.reply.content, 'Sorry to hear, <b>we</b> will do better');
  const storefront = await testApp.app.inject({ method: 'GET', url: `${STOREFRONT_API_PREFIX}/get_product_reviews?shop=shop-a.myshopify.com&product_id=77` });
  assert.equal(storefront.json().data.list[0].reply_content, 'Sorry to hear, <b>we</b> will do better', 'the reply is on the storefront at once');

  const media = (await moderator.call('PUT', `${path}/media/1`, { hidden: true })).json();
  assert.deepEqual(
    media.media.map((m: { hidden: boolean }) => m.hidden),
    [false, true],
  );
  assertProblem(await moderator.call('PUT', `${path}/media/5`, { hidden: true }), 404, 'not-found');
  assert.equal((await moderator.call('DELETE', `${path}/reply`)).json().reply, null);

  const detail = (await moderator.call('GET', path)).json();
  assert.deepEqual(
    detail.history.map((h: { action: string }) => h.action),
    ['review.publish', 'review.hide', 'review.hide', 'review.publish', 'review.update', 'review.reply', 'review.media', 'review.reply'],
  );
  assert.equal(detail.history[1].before.status, 'published');
  assert.equal(detail.history[1].after.hide_reason, 'offensive');
  assert.equal(detail.history[0].actor.email, 'mod@example.com');

  const topics = (await db.selectFrom('webhook_deliveries').select('topic').orderBy('id').execute()).map((r) => r.topic);
  // created (unpublished) → published → hidden (= deleted) → spam (no event: not published) → published → 4 updates → deleted
  assert.deepEqual(topics, ['review/created', 'review/updated', 'review/deleted', 'review/updated', 'review/updated', 'review/updated', 'review/updated', 'review/updated']);

  assert.equal((await moderator.call('DELETE', path)).statusCode, 204);
  assertProblem(await moderator.call('GET', path), 404, 'not-found');
  assertProblem(await moderator.call('DELETE', path), 404, 'not-found');
  await assertRatingsExact(testApp, a);
  const ledger = await db.selectFrom('moderation_ledger').select('action').where('shop_id', '=', a).orderBy('seq').execute();
  assert.equal(ledger[ledger.length - 1]!.action, 'review.delete');
});

test('changes poll: new reviews appear after the since token', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const viewer = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  await addReview(testApp, a, { author: 'Before' });
  const start = (await viewer.call('GET', `/shops/${a}/reviews/changes`)).json();
  assert.deepEqual(start.items, []);
  testApp.clock.advance(1000);
  const id = await addReview(testApp, a, { author: 'After' });
  const next = (await viewer.call('GET', `/shops/${a}/reviews/changes?since=${start.since}`)).json();
  assert.deepEqual(
    next.items.map((i: { id: string }) => i.id),
    [id],
  );
  assert.deepEqual((await viewer.call('GET', `/shops/${a}/reviews/changes?since=${next.since}`)).json().items, []);
  assertProblem(await viewer.call('GET', `/shops/${a}/reviews/changes?since=nope`), 400, 'invalid-argument', 'since');
});

async function subscribeAll(testApp: Awaited<ReturnType<typeof buildTestApp>>) {
  for (const topic of ['review/created', 'review/updated', 'review/deleted']) {
    const res = await testApp.shopA.client.call<{ id: string }>('POST', 'create_shop_webhook', { body: { topic, url: 'http://127.0.0.1:9/hook' } });
    assert.equal(res.code, 0, res.message);
  }
}
