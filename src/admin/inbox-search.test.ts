import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp } from '../../test/helpers.ts';
import { memberOf } from './admin.testkit.ts';
import { addReview } from './inbox.testkit.ts';

test('inbox search: pages of a common word in exact date order across reviews sharing seconds, both sorts, with a status filter; counts; stems; edits and deletes reach the index', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const b = testApp.shopB.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  // 60 reviews over 7 seconds, several in one millisecond, ids not in date order; two of three say "stitching".
  const start = Date.parse('2026-02-01T10:00:00Z');
  const made: { id: string; at: number; word: string; published: boolean }[] = [];
  for (let i = 0; i < 60; i++) {
    const at = start + ((i * 3) % 7) * 1000 + ((i * 5) % 4) * 250;
    const word = i % 3 === 0 ? 'plain' : 'stitching';
    const published = i % 4 !== 0;
    const id = await addReview(testApp, a, { content: `${word} review ${i}`, commented_at: new Date(at).toISOString(), is_published: published ? 1 : 0 });
    // The API keeps whole seconds; imports and edits may carry milliseconds (the date trigger re-keys the index).
    await testApp.database.db.updateTable('reviews').set({ commented_at: at }).where('id', '=', Number(id)).execute();
    made.push({ id, at, word, published });
  }
  await addReview(testApp, b, { content: 'stitching from another shop' });

  const pages = async (query: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await owner.call('GET', `/shops/${a}/reviews?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { items: { id: string }[]; next_cursor: string | null };
      ids.push(...body.items.map((i) => i.id));
      cursor = body.next_cursor;
    } while (cursor);
    return ids;
  };
  type Made = (typeof made)[number];
  const newest = (x: Made, y: Made) => y.at - x.at || Number(y.id) - Number(x.id);
  const expected = (keep: (r: Made) => boolean, order = newest) =>
    made
      .filter(keep)
      .sort(order)
      .map((r) => r.id);

  const stitched = (r: Made) => r.word === 'stitching';
  const cases: [query: string, keep: (r: Made) => boolean, order: (x: Made, y: Made) => number, what: string][] = [
    ['q=stitching', stitched, newest, 'newest first'],
    ['q=stitch', stitched, newest, 'a stem finds its forms'],
    ['q=stitching&sort=oldest', stitched, (x, y) => -newest(x, y), 'oldest first'],
    ['q=stitching&status=published', (r) => stitched(r) && r.published, newest, 'with a status'],
    ['q=review%20stitc', stitched, newest, 'a partial last word is completed'],
    ['q=stitching&sort=rating_desc', stitched, newest, 'all ratings equal: newest first'],
  ];
  for (const [query, keep, order, what] of cases) assert.deepEqual(await pages(query), expected(keep, order), what);

  const totalOf = async (query: string) => (await owner.call('GET', `/shops/${a}/reviews?${query}`)).json() as { total: number; total_is_exact: boolean };
  assert.deepEqual(await totalOf('q=stitching'), { ...(await totalOf('q=stitching')), total: 40, total_is_exact: true });
  assert.equal((await totalOf('q=stitching&status=published')).total, made.filter((r) => stitched(r) && r.published).length);
  // The shop's own token in the index is not a word of any review.
  assert.equal((await totalOf(`q=s${a}`)).total, 0);
  assert.equal((await totalOf(`q=s${b}`)).total, 0);

  // A reply, a changed date and a delete are in the index at once.
  const [first, second] = made.filter((r) => r.word === 'plain');
  assert.equal((await owner.call('PUT', `/shops/${a}/reviews/${first!.id}/reply`, { content: 'We restitched the seam' })).statusCode, 200);
  assert.deepEqual(await pages('q=restitched'), [first!.id]);
  await testApp.database.db
    .updateTable('reviews')
    .set({ commented_at: start + 3_600_000 })
    .where('id', '=', Number(second!.id))
    .execute();
  assert.deepEqual((await pages('q=plain')).slice(0, 1), [second!.id], 'a review moved to a later date leads the newest-first search');
  assert.equal((await owner.call('DELETE', `/shops/${a}/reviews/${second!.id}`)).statusCode, 204);
  assert.equal((await pages('q=plain')).includes(second!.id), false);
  assert.equal((await totalOf('q=plain')).total, made.filter((r) => r.word === 'plain').length - 1);
});

test('review writes only note the review; the worker and every search bring the index up to date, whatever happened in between', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const db = testApp.database.db;
  const search = async (q: string) => ((await owner.call('GET', `/shops/${a}/reviews?q=${q}`)).json() as { items: { id: string }[] }).items.map((i) => i.id);
  const kept = await addReview(testApp, a, { content: 'woollen scarf', commented_at: '2026-01-01T10:00:00Z' });
  const moved = await addReview(testApp, a, { content: 'woollen hat', commented_at: '2026-01-02T10:00:00Z' });
  const gone = await addReview(testApp, a, { content: 'woollen gloves', commented_at: '2026-01-03T10:00:00Z' });
  if (testApp.database.dialect === 'sqlite') {
    const pending = async () => Number((await sql<{ n: number }>`select count(*) as n from review_search_pending`.execute(db)).rows[0]!.n);
    const indexed = async () => Number((await sql<{ n: number }>`select count(*) as n from review_search where review_search match 'woollen'`.execute(db)).rows[0]!.n);
    assert.deepEqual([await pending(), await indexed()], [3, 0], 'noted, not yet indexed');
    await testApp.worker.runOnce();
    assert.deepEqual([await pending(), await indexed()], [0, 3], 'the worker indexed them');
  }
  // Changed twice, deleted, and written anew before the index sees any of it.
  await db
    .updateTable('reviews')
    .set({ commented_at: Date.parse('2026-03-01T10:00:00Z') })
    .where('id', '=', Number(moved))
    .execute();
  await db
    .updateTable('reviews')
    .set({ commented_at: Date.parse('2026-04-01T10:00:00Z'), content: 'woollen beanie' })
    .where('id', '=', Number(moved))
    .execute();
  assert.equal((await owner.call('DELETE', `/shops/${a}/reviews/${gone}`)).statusCode, 204);
  const fresh = await addReview(testApp, a, { content: 'woollen socks', commented_at: '2026-02-01T10:00:00Z' });
  assert.deepEqual(await search('woollen'), [moved, fresh, kept]);
  assert.deepEqual(await search('beanie'), [moved]);
  assert.deepEqual(await search('hat'), []);
  assert.deepEqual(await search('gloves'), []);
});
