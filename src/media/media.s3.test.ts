import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { asBody, jpegWithGps, mediaFiles, mp4Bytes, postUpload, startMediaApp, startS3, type Credentials } from '../../test/media-fixtures.ts';

const s3Client = (endpoint: string) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

test('S3 storage end to end: image upload, styles and EXIF stripping, serving with ranges, deletion from the bucket', async (t) => {
  const s3 = await startS3(t);
  const m = await startMediaApp(t, s3.env);
  const bucket = s3Client(s3.endpoint);
  const credentials = (await m.shopA.client.call<Credentials>('GET', 'get_image_upload_policy_token')).data;
  const res = await postUpload(credentials, { bytes: await jpegWithGps(1200, 900), name: 'in-s3.jpg' });
  assert.equal(res.status, 200, await res.clone().text());
  const { url, filename } = await res.json();

  const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: filename }));
  assert.equal(object.ContentType, 'image/jpeg');
  const stored = Buffer.from(await object.Body!.transformToByteArray());
  assert.equal((await sharp(stored).metadata()).exif, undefined, 'the object in the bucket has no EXIF');
  assert.deepEqual(mediaFiles(m.dataDir), [], 'nothing left on local disk');

  const served = await fetch(url);
  assert.equal(served.status, 200);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), stored);
  const part = await fetch(url, { headers: { range: 'bytes=2-11' } });
  assert.equal(part.status, 206);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), stored.subarray(2, 12));
  const small = await fetch(`${url}?x-oss-process=style/trustoo_small`);
  assert.equal(small.status, 200);
  assert.deepEqual(((m) => [m.width, m.height])(await sharp(Buffer.from(await small.arrayBuffer())).metadata()), [600, 450]);
  assert.ok(await exists(bucket, s3.bucket, `${filename}!trustoo_small`), 'the variant is cached in the bucket');

  const review = await m.shopA.client.createReview({ rating: 5, author: 'S', media: [{ url, type: 1 }] });
  await m.shopA.client.deleteReview(review.data.id);
  await m.worker.runOnce();
  assert.equal(await exists(bucket, s3.bucket, filename), false);
  assert.equal(await exists(bucket, s3.bucket, `${filename}!trustoo_small`), false);
  assert.equal((await fetch(url)).status, 404);
});

test('S3 storage: video upload URLs are presigned PUTs straight to the bucket, verified from their bytes', async (t) => {
  const s3 = await startS3(t);
  const m = await startMediaApp(t, { ...s3.env, MEDIA_MAX_VIDEO_BYTES: String(2 * 1024 * 1024) });
  const bucket = s3Client(s3.endpoint);
  const newUrl = async () => (await m.shopA.client.call<{ upload_url: string; video_url: string }>('GET', 'get_video_upload_url', { query: { content_type: 'video/mp4' } })).data;

  const good = await newUrl();
  assert.ok(good.upload_url.startsWith(`${s3.endpoint}/${s3.bucket}/`), good.upload_url);
  assert.match(good.upload_url, /X-Amz-Signature=/);
  const video = mp4Bytes(1024 * 1024);
  const put = await fetch(good.upload_url, { method: 'PUT', body: asBody(video), headers: { 'content-type': 'video/mp4' } });
  assert.equal(put.status, 200, await put.text());
  const served = await fetch(good.video_url, { headers: { range: 'bytes=0-99' } });
  assert.equal(served.status, 206);
  assert.equal(served.headers.get('content-type'), 'video/mp4');
  assert.equal(served.headers.get('content-range'), `bytes 0-99/${video.length}`);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), video.subarray(0, 100));

  // A presigned PUT cannot check the bytes: an HTML page or an oversize file is removed when first seen.
  const html = await newUrl();
  await fetch(html.upload_url, { method: 'PUT', body: asBody('<html><script>alert(1)</script></html>'.repeat(5)), headers: { 'content-type': 'video/mp4' } });
  const htmlKey = new URL(html.video_url).pathname.replace(/^\/media\//, '');
  assert.ok(await exists(bucket, s3.bucket, htmlKey));
  assert.equal((await fetch(html.video_url)).status, 404);
  assert.equal(await exists(bucket, s3.bucket, htmlKey), false, 'the bad object is deleted from the bucket');

  const big = await newUrl();
  await fetch(big.upload_url, { method: 'PUT', body: asBody(mp4Bytes(2 * 1024 * 1024 + 1)), headers: { 'content-type': 'video/mp4' } });
  const bigKey = new URL(big.video_url).pathname.replace(/^\/media\//, '');
  // Never requested: the worker checks it once its URL has expired.
  m.clock.advance(30 * 60 * 1000 + 1);
  const handled = await m.worker.runOnce();
  assert.equal(handled['media-verify-direct-uploads'], 1);
  assert.equal(await exists(bucket, s3.bucket, bigKey), false);
  const rows = (await m.snapshot()).media_uploads!.map((r) => JSON.parse(r as string));
  assert.deepEqual(
    rows.map((r) => [r.object_key.endsWith('.mp4'), r.status]),
    [[true, 'stored']],
  );
});
