import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { assertProblem, memberOf } from './admin.testkit.ts';
import { addReview } from './inbox.testkit.ts';
import { runPlaudit as plaudit } from '../../test/plaudit-bin.ts';

test('ledger: hash chain verified by `plaudit audit verify`; a row changed in the database is detected', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'owner' }], 'owner@example.com');
  const ids = [await addReview(testApp, a, { is_published: 0 }), await addReview(testApp, a, { is_published: 0 })];
  await moderator.call('POST', `/shops/${a}/reviews/${ids[0]}/publish`);
  await moderator.call('POST', `/shops/${a}/reviews/${ids[1]}/hide`, { reason: 'spam' });
  await moderator.call('PUT', `/shops/${a}/reviews/${ids[0]}/reply`, { content: 'Thanks!' });
  await moderator.call('PUT', `/shops/${a}/settings/transparency`, { enabled: true });

  const page = (await moderator.call('GET', `/shops/${a}/ledger?limit=3`)).json();
  assert.deepEqual(
    page.items.map((e: { seq: number }) => e.seq),
    [4, 3, 2],
  );
  assert.equal(page.items[0].action, 'settings.transparency');
  assert.equal(page.items[1].prev_hash, page.items[2].hash);
  const rest = (await moderator.call('GET', `/shops/${a}/ledger?limit=3&cursor=${page.next_cursor}`)).json();
  assert.deepEqual(
    rest.items.map((e: { seq: number }) => e.seq),
    [1],
  );
  assert.equal(rest.next_cursor, null);
  assert.equal(rest.items[0].prev_hash, '');
  assert.deepEqual(
    (await moderator.call('GET', `/shops/${a}/ledger?review_id=${ids[0]}`)).json().items.map((e: { action: string }) => e.action),
    ['review.reply', 'review.publish'],
  );

  const ok = await plaudit(testApp.databaseUrl, ['audit', 'verify', '--domain', 'shop-a.myshopify.com', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { domain: 'shop-a.myshopify.com', ok: true, entries: 4 });

  // Someone edits history directly in the database: the hide reason of entry 2.
  const db = testApp.database.db;
  const entry = await db.selectFrom('moderation_ledger').selectAll().where('shop_id', '=', a).where('seq', '=', 2).executeTakeFirstOrThrow();
  await db
    .updateTable('moderation_ledger')
    .set({ after_json: entry.after_json.replace('spam', 'offensive') })
    .where('id', '=', entry.id)
    .execute();
  const broken = await plaudit(testApp.databaseUrl, ['audit', 'verify', '--domain', 'shop-a.myshopify.com', '--json']);
  assert.equal(broken.code, 1);
  assert.equal(JSON.parse(broken.stdout).first_bad_seq, 2);
  assert.match(broken.stderr, /broken at entry 2/);

  // Recomputing the edited entry's hash does not help: the next entry's link breaks.
  const { entryHash } = await import('./ledger.service.ts');
  const edited = await db.selectFrom('moderation_ledger').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
  await db
    .updateTable('moderation_ledger')
    .set({ hash: entryHash(edited) })
    .where('id', '=', entry.id)
    .execute();
  const relinked = await plaudit(testApp.databaseUrl, ['audit', 'verify', '--domain', 'shop-a.myshopify.com', '--json']);
  assert.equal(relinked.code, 1);
  assert.equal(JSON.parse(relinked.stdout).first_bad_seq, 3);
});

test('ledger export as JSON lines and CSV (owner only); transparency page is opt-in and escapes the shop name', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const owner = await memberOf(testApp, [{ shopId: a, role: 'owner' }], 'o@example.com');
  const viewer = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  await testApp.database.db.updateTable('shops').set({ name: 'Ann <script>alert(1)</script>' }).where('id', '=', a).execute();
  const id = await addReview(testApp, a);
  await owner.call('POST', `/shops/${a}/reviews/${id}/hide`, { reason: 'fake' });
  await owner.call('PATCH', `/shops/${a}/reviews/${id}`, { tag: '=cmd()' });

  const jsonl = await owner.call('GET', `/shops/${a}/ledger/export`);
  assert.equal(jsonl.statusCode, 200);
  assert.match(String(jsonl.headers['content-disposition']), /attachment; filename="ledger-\d+\.jsonl"/);
  const lines = jsonl.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.action),
    ['review.hide', 'review.update'],
  );
  const csv = await owner.call('GET', `/shops/${a}/ledger/export?format=csv`);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const csvLines = csv.body.trim().split('\n');
  assert.equal(csvLines[0], 'seq,at,account_id,email,action,subject,before,after,prev_hash,hash');
  assert.equal(csvLines.length, 3);
  assert.doesNotMatch(csv.body, /,"=cmd/);
  assertProblem(await viewer.call('GET', `/shops/${a}/ledger/export`), 403, 'forbidden');
  assertProblem(await owner.call('GET', `/shops/${a}/ledger/export?format=xml`), 400, 'invalid-argument', 'format');

  assert.equal((await testApp.app.inject({ method: 'GET', url: '/s/shop-a.myshopify.com/transparency' })).statusCode, 404);
  assertProblem(await viewer.call('PUT', `/shops/${a}/settings/transparency`, { enabled: true }), 403, 'forbidden');
  assert.deepEqual((await owner.call('PUT', `/shops/${a}/settings/transparency`, { enabled: true })).json(), { enabled: true });
  const page = await testApp.app.inject({ method: 'GET', url: '/s/shop-a.myshopify.com/transparency' });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.doesNotMatch(page.body, /<script>/);
  assert.match(page.body, /Ann &lt;script&gt;/);
  const month = new Date(testApp.clock.now()).toISOString().slice(0, 7);
  assert.match(page.body, new RegExp(`<th scope="row">${month}</th><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>`));
  assert.equal((await testApp.app.inject({ method: 'GET', url: '/s/shop-b.myshopify.com/transparency' })).statusCode, 404);
});
