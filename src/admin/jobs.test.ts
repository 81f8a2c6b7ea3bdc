import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../test/helpers.ts';
import { assertProblem, memberOf, type AdminBrowser } from './admin.testkit.ts';
import { addReview, assertRatingsExact } from './inbox.testkit.ts';
import { JOB_BATCH, MAX_JOB_ATTEMPTS } from './jobs.service.ts';

async function runJob(testApp: TestApp, browser: AdminBrowser, shopId: number, body: unknown) {
  const started = await browser.call('POST', `/shops/${shopId}/review-jobs`, body);
  assert.equal(started.statusCode, 202, started.body);
  const job = started.json() as { id: string; total: number; status: string };
  assert.equal(job.status, 'queued');
  const progress: number[] = [];
  for (let round = 0; round < 50; round++) {
    await testApp.worker.runOnce();
    const now = (await browser.call('GET', `/shops/${shopId}/review-jobs/${job.id}`)).json();
    progress.push(now.processed);
    if (now.status === 'done') return { job: now, progress };
  }
  throw new Error('job did not finish');
}

test('bulk hide of "all matching" in bounded batches: ratings equal a recount, one event per review, ledger per review', async (t) => {
  const testApp = await buildTestApp(t, { env: { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' } });
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const count = JOB_BATCH + 50;
  for (let i = 0; i < count; i++) await addReview(testApp, a, { rating: (i % 5) + 1, author: `A${i}`, product_id: 100 + (i % 3), is_published: 1 });
  await addReview(testApp, testApp.shopB.shopId, { rating: 1, author: 'B' });
  const res = await testApp.shopA.client.call('POST', 'create_shop_webhook', { body: { topic: 'review/deleted', url: 'http://127.0.0.1:9/hook' } });
  assert.equal(res.code, 0);

  const lowOnes = (await moderator.call('GET', `/shops/${a}/reviews?rating=1,2&status=published&limit=1`)).json().total as number;
  const { job, progress } = await runJob(testApp, moderator, a, { action: 'hide', reason: 'offensive', filter: { rating: '1,2', status: 'published' } });
  assert.equal(job.total, lowOnes);
  assert.equal(job.processed, lowOnes);
  assert.equal(job.changed, lowOnes);
  assert.ok(progress.length >= 1);
  await assertRatingsExact(testApp, a);
  assert.equal((await moderator.call('GET', `/shops/${a}/reviews?rating=1,2&status=hidden&limit=1`)).json().total, lowOnes);
  const deletedEvents = await testApp.database.db.selectFrom('webhook_deliveries').select('id').where('topic', '=', 'review/deleted').execute();
  assert.equal(deletedEvents.length, lowOnes);

  // Everything, more than one batch: feature all.
  const all = await runJob(testApp, moderator, a, { action: 'feature', filter: {} });
  assert.equal(all.job.total, count);
  assert.equal(all.job.changed, count);
  assert.ok(all.progress.length >= 2, 'worked in more than one batch');
  assert.equal((await moderator.call('GET', `/shops/${a}/reviews?limit=1`)).json().items[0].featured, true);
  const ledger = await testApp.database.db.selectFrom('moderation_ledger').select('action').where('shop_id', '=', a).execute();
  assert.equal(ledger.filter((e) => e.action === 'bulk.start').length, 2);
  assert.equal(ledger.filter((e) => e.action === 'review.update').length, count);
});

test("bulk delete of a selection only touches the shop's own reviews", async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const mine = [await addReview(testApp, a, { rating: 5 }), await addReview(testApp, a, { rating: 3 }), await addReview(testApp, a, { rating: 4 })];
  const theirs = await addReview(testApp, testApp.shopB.shopId, { rating: 2 });
  const { job } = await runJob(testApp, moderator, a, { action: 'delete', review_ids: [mine[0], mine[1], theirs] });
  assert.equal(job.total, 2);
  assert.equal(job.changed, 2);
  await assertRatingsExact(testApp, a);
  await assertRatingsExact(testApp, testApp.shopB.shopId);
  const left = await testApp.database.db.selectFrom('reviews').select('id').orderBy('id').execute();
  assert.deepEqual(
    left.map((r) => String(r.id)),
    [mine[2], theirs],
  );
});

test('bulk job input is checked and nothing is written on refusal; viewers cannot start jobs', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const viewer = await memberOf(testApp, [{ shopId: a, role: 'viewer' }]);
  await addReview(testApp, a);
  const before = await testApp.snapshot();
  const path = `/shops/${a}/review-jobs`;
  assertProblem(await moderator.call('POST', path, { action: 'explode', filter: {} }), 400, 'invalid-argument', 'action');
  assertProblem(await moderator.call('POST', path, { action: 'hide', filter: {} }), 400, 'invalid-argument', 'reason');
  assertProblem(await moderator.call('POST', path, { action: 'tag', filter: {} }), 400, 'invalid-argument', 'tag');
  assertProblem(await moderator.call('POST', path, { action: 'publish' }), 400, 'invalid-argument', 'review_ids');
  assertProblem(await moderator.call('POST', path, { action: 'publish', review_ids: ['1'], filter: {} }), 400, 'invalid-argument', 'review_ids');
  assertProblem(await moderator.call('POST', path, { action: 'publish', review_ids: ['x'] }), 400, 'invalid-argument', 'review_ids.0');
  assertProblem(await moderator.call('POST', path, { action: 'publish', filter: { rating: '9' } }), 400, 'invalid-argument', 'filter.rating');
  assertProblem(await moderator.call('POST', path, { action: 'publish', filter: { colour: 'red' } }), 400, 'invalid-argument', 'filter.colour');
  assertProblem(await viewer.call('POST', path, { action: 'publish', filter: {} }), 403, 'forbidden');
  assert.deepEqual(await testApp.snapshot(), before);
  assertProblem(await viewer.call('GET', `/shops/${a}/review-jobs/999`), 404, 'not-found');
});

test('a job whose batches keep failing is retried, then failed with its error; a failed batch changes nothing', async (t) => {
  const testApp = await buildTestApp(t);
  const a = testApp.shopA.shopId;
  const moderator = await memberOf(testApp, [{ shopId: a, role: 'moderator' }]);
  const ids = [await addReview(testApp, a, { rating: 5, is_published: 1 }), await addReview(testApp, a, { rating: 2, is_published: 1 })];
  const started = await moderator.call('POST', `/shops/${a}/review-jobs`, { action: 'feature', review_ids: ids });
  assert.equal(started.statusCode, 202, started.body);
  const job = started.json() as { id: string };
  // A job row this version cannot run, as a rolled-back upgrade would leave it.
  await testApp.database.db.updateTable('review_jobs').set({ action: 'archive' }).where('id', '=', Number(job.id)).execute();
  const before = await testApp.snapshot();
  const progress = async () => (await moderator.call('GET', `/shops/${a}/review-jobs/${job.id}`)).json() as { status: string; processed: number; error: string | null; finished_at: string | null };

  for (let attempt = 1; attempt < MAX_JOB_ATTEMPTS; attempt++) {
    await testApp.worker.runOnce();
    const now = await progress();
    assert.deepEqual([now.status, now.processed, now.finished_at], ['running', 0, null]);
    assert.equal(now.error, 'action "archive" is not one this server knows');
    // Not retried before its back-off is over.
    await testApp.worker.runOnce();
    assert.equal((await testApp.database.db.selectFrom('review_jobs').select('failed_attempts').where('id', '=', Number(job.id)).executeTakeFirstOrThrow()).failed_attempts, attempt);
    testApp.clock.advance(31_000);
  }
  await testApp.worker.runOnce();
  const failed = await progress();
  assert.equal(failed.status, 'failed');
  assert.equal(failed.processed, 0);
  assert.ok(failed.finished_at);
  assert.match(failed.error ?? '', /not one this server knows/);
  // Never claimed again, and no review, rating or ledger entry changed.
  testApp.clock.advance(600_000);
  await testApp.worker.runOnce();
  assert.equal((await progress()).status, 'failed');
  const after = await testApp.snapshot();
  assert.deepEqual(after.reviews, before.reviews);
  assert.deepEqual(after.moderation_ledger, before.moderation_ledger);
  assert.deepEqual(after.rating_summaries, before.rating_summaries);
});
