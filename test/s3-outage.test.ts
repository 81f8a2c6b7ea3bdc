import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { jpegWithGps, mediaFiles, postUpload, startMediaApp, type Credentials } from './media-fixtures.ts';

/** s3rver on a fixed port and folder that can be stopped and started again (the store going down and coming back). */
async function restartableS3(t: TestContext) {
  const directory = mkdtempSync(join(tmpdir(), 'plaudit-s3-down-'));
  const bucket = 'plaudit-media';
  let server: S3rver | null = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const stop = async () => {
    await server?.close();
    server = null;
  };
  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    await server.run();
  };
  t.after(async () => {
    await stop();
    rmSync(directory, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return { stop, start, env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' } };
}

test('S3 store down: uploads fail with a clear code, no half-stored media, no review pointing at a missing file, thumbnails retried later', async (t) => {
  const s3 = await restartableS3(t);
  const m = await startMediaApp(t, s3.env);
  const credentials = async () => (await m.shopA.client.call<Credentials>('GET', 'get_image_upload_policy_token')).data;
  const up = await postUpload(await credentials(), { bytes: await jpegWithGps(800, 600), name: 'before.jpg' });
  assert.equal(up.status, 200);
  const { url: before } = (await up.json()) as { url: string };

  await s3.stop();
  const before_rows = await m.snapshot();
  const down = await postUpload(await credentials(), { bytes: await jpegWithGps(800, 600), name: 'during.jpg' });
  const body = await down.text();
  assert.equal(down.status, 503, body);
  assert.match(body, /<Code>ServiceUnavailable<\/Code>/);
  assert.match(body, /Media storage is unavailable; nothing was stored/);
  assert.doesNotMatch(body, /ECONNREFUSED|at .+:\d+/);
  assert.equal(down.headers.get('retry-after'), '30');
  const stored = await m.database.db.selectFrom('media_uploads').select(['object_key', 'status']).where('status', '=', 'stored').execute();
  assert.deepEqual(
    stored.map((r) => r.object_key),
    ['1/2026/6/1/before.jpg'],
    'no half-stored media',
  );
  assert.deepEqual(mediaFiles(m.dataDir), [], 'nothing left on local disk');

  // A review cannot point at the file that was never stored (partner API or storefront); nothing is written.
  const duringUrl = `${m.mediaUrl}/1/2026/6/1/during.jpg`;
  const review = await m.shopA.client.createReview({ rating: 5, author: 'S', media: [{ url: duringUrl, type: 1 }] });
  assert.deepEqual([review.code, review.message], [3, 'invalid argument: media[0].url is not a stored upload (upload it again)']);
  const submitted = await fetch(`${m.baseUrl}/api/v1/reviews/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shop: 'shop-a.myshopify.com', rating: 5, content: 'x', author: 'A', author_email: 'a@example.com', consent: 1, photos: [duringUrl] }),
  });
  assert.equal(((await submitted.json()) as { code: number }).code, 3);
  const after_rows = await m.snapshot();
  assert.deepEqual({ ...after_rows, media_uploads: [] }, { ...before_rows, media_uploads: [] }, "nothing written but the failed upload's own bookkeeping");
  assert.ok(after_rows.media_uploads!.every((r) => !String(r).includes('"status":"stored"') || String(r).includes('before.jpg')));

  // A thumbnail asked for while the store is down is refused for now (503) and made when it returns.
  const small = `${before}?x-oss-process=style/trustoo_small`;
  const variantDown = await fetch(small);
  assert.equal(variantDown.status, 503);
  await variantDown.arrayBuffer();
  await s3.start();
  const variantUp = await fetch(small);
  assert.equal(variantUp.status, 200);
  assert.equal(variantUp.headers.get('content-type'), 'image/jpeg');
  await variantUp.arrayBuffer();

  // And uploads work again.
  const again = await postUpload(await credentials(), { bytes: await jpegWithGps(800, 600), name: 'after.jpg' });
  assert.equal(again.status, 200, await again.clone().text());
  const { url: afterUrl } = (await again.json()) as { url: string };
  assert.equal((await m.shopA.client.createReview({ rating: 5, author: 'S', media: [{ url: afterUrl, type: 1 }] })).code, 0);
});
