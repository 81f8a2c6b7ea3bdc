import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mediaFiles, pngImage, postUpload, startMediaApp, type Credentials, type MediaTestApp } from '../../test/media-fixtures.ts';

const HOUR = 60 * 60 * 1000;

async function upload(shop: MediaTestApp['shopA'], name: string): Promise<string> {
  const credentials = (await shop.client.call<Credentials>('GET', 'get_image_upload_policy_token')).data;
  const res = await postUpload(credentials, { bytes: await pngImage(), name });
  assert.equal(res.status, 200);
  return (await res.json()).url;
}

const fileCount = (m: MediaTestApp) => mediaFiles(m.dataDir).length;

test('deleting a review removes its files in the background, not in the request', async (t) => {
  const m = await startMediaApp(t);
  const url = await upload(m.shopA, 'kept-until-delete.png');
  const thumbnail = `${url}?x-oss-process=style/thumbnail`;
  const review = await m.shopA.client.createReview({ rating: 5, author: 'Ann', media: [{ url, thumbnail_url: thumbnail, type: 1 }] });
  assert.equal(review.code, 0, review.message);
  assert.equal((await fetch(thumbnail)).status, 200);
  assert.equal(fileCount(m), 2, 'original and thumbnail');

  assert.equal((await m.shopA.client.deleteReview(review.data.id)).code, 0);
  assert.equal((await fetch(url)).status, 200, 'still there right after the request');
  const queued = (await m.snapshot()).media_deletions!;
  assert.equal(queued.length, 1);

  const handled = await m.worker.runOnce();
  assert.equal(handled['media-delete-review-files'], 1);
  assert.equal((await fetch(url)).status, 404);
  assert.equal(fileCount(m), 0, 'original and variants removed');
  const after = await m.snapshot();
  assert.deepEqual([after.media_uploads!.length, after.media_deletions!.length], [0, 0]);
});

test('a file still shown by another review of the shop survives the deletion of one review', async (t) => {
  const m = await startMediaApp(t);
  const url = await upload(m.shopA, 'shared.png');
  const first = await m.shopA.client.createReview({ rating: 5, author: 'A', media: [{ url, type: 1 }] });
  await m.shopA.client.createReview({ rating: 4, author: 'B', media: { images: [url] } });
  await m.shopA.client.deleteReview(first.data.id);
  await m.worker.runOnce();
  assert.equal((await fetch(url)).status, 200);
  assert.equal((await m.snapshot()).media_deletions!.length, 0);
});

test("shop B cannot get shop A's files deleted by citing them in its own review", async (t) => {
  const m = await startMediaApp(t);
  const url = await upload(m.shopA, 'mine.png');
  await m.shopA.client.createReview({ rating: 5, author: 'A', media: [{ url, type: 1 }] });
  const theirs = await m.shopB.client.createReview({ rating: 1, author: 'B', media: [{ url, type: 1 }] });
  assert.equal(theirs.code, 0);
  await m.shopB.client.deleteReview(theirs.data.id);
  assert.equal((await m.snapshot()).media_deletions!.length, 0, 'nothing queued for a foreign file');
  await m.worker.runOnce();
  assert.equal((await fetch(url)).status, 200);
});

test('uploads no review referenced within 24 hours are removed by the worker; referenced ones stay', async (t) => {
  const m = await startMediaApp(t);
  const orphan = await upload(m.shopA, 'orphan.png');
  const used = await upload(m.shopA, 'used.png');
  m.clock.advance(23 * HOUR);
  const late = await upload(m.shopB, 'late.png');
  assert.equal((await m.shopA.client.createReview({ rating: 5, author: 'A', media: [{ url: used, type: 1 }] })).code, 0);

  assert.equal((await m.worker.runOnce())['media-remove-unreferenced'], 0, 'nothing is 24 hours old yet');
  m.clock.advance(HOUR);
  assert.equal((await m.worker.runOnce())['media-remove-unreferenced'], 1);
  assert.equal((await fetch(orphan)).status, 404);
  assert.equal((await fetch(used)).status, 200);
  assert.equal((await fetch(late)).status, 200);
  m.clock.advance(23 * HOUR);
  await m.worker.runOnce();
  assert.equal((await fetch(late)).status, 404);
  assert.equal((await fetch(used)).status, 200);
  assert.equal(fileCount(m), 1);
});

test('an unused video upload URL is cleaned up after 24 hours', async (t) => {
  const m = await startMediaApp(t);
  const res = await m.shopA.client.call('GET', 'get_video_upload_url');
  assert.equal(res.code, 0);
  assert.equal((await m.snapshot()).media_uploads!.length, 1);
  m.clock.advance(24 * HOUR);
  await m.worker.runOnce();
  assert.equal((await m.snapshot()).media_uploads!.length, 0);
});

test('MEDIA_OWN_HOST_ONLY: create_review accepts only media URLs of this server', async (t) => {
  const m = await startMediaApp(t, { MEDIA_OWN_HOST_ONLY: '1' });
  const url = await upload(m.shopA, 'own.png');
  const before = await m.snapshot();
  const cases = [
    { media: [{ url: 'https://img.example.com/a.jpg', type: 1 }], field: 'media[0].url' },
    { media: [{ url, thumbnail_url: 'https://img.example.com/a_s.jpg', type: 1 }], field: 'media[0].thumbnail_url' },
    { media: [{ url: `${m.mediaUrl}.evil.example/x.jpg`, type: 1 }], field: 'media[0].url' },
    { media: { images: [url], video: 'http://127.0.0.1:1/other/v.mp4' }, field: 'media[1].url' },
  ];
  for (const c of cases) {
    const res = await m.shopA.client.call('POST', 'create_review', { body: { rating: 5, author: 'A', media: c.media } });
    assert.equal(res.code, 3, JSON.stringify(c.media));
    assert.match(res.message, new RegExp(`${c.field.replace(/[[\]]/g, '\\$&')} must be a media URL of this server`));
  }
  assert.deepEqual(await m.snapshot(), before);
  const ok = await m.shopA.client.createReview({ rating: 5, author: 'A', media: [{ url, thumbnail_url: `${url}?x-oss-process=style/thumbnail`, type: 1 }] });
  assert.equal(ok.code, 0, ok.message);
});

test('hiding a review keeps its files (only a real deletion removes them)', async (t) => {
  const { setReviewPublished } = await import('../reviews/reviews.service.ts');
  const m = await startMediaApp(t);
  const url = await upload(m.shopA, 'hidden-not-deleted.png');
  const review = await m.shopA.client.createReview({ rating: 5, author: 'Ann', media: [{ url, type: 1 }] });
  assert.equal(review.code, 0, review.message);
  const deps = { db: m.app.db, dialect: m.app.dialect, clock: m.clock, events: m.app.events };

  await setReviewPublished(deps, m.shopA.shopId, Number(review.data.id), 0);
  assert.equal((await m.snapshot()).media_deletions!.length, 0, 'nothing queued by hiding');
  m.clock.advance(48 * HOUR);
  await m.worker.runOnce();
  assert.equal((await fetch(url)).status, 200, 'still served after the worker ran');

  await setReviewPublished(deps, m.shopA.shopId, Number(review.data.id), 1);
  assert.equal((await m.shopA.client.deleteReview(review.data.id)).code, 0);
  assert.equal((await m.snapshot()).media_deletions!.length, 1, 'the deletion queues the removal');
  await m.worker.runOnce();
  assert.equal((await fetch(url)).status, 404);
});
