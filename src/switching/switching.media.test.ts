import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { buildTestApp } from '../../test/helpers.ts';
import { jpegWithGps, mediaFiles, mp4Bytes, noisyJpeg, pngImage } from '../../test/media-fixtures.ts';
import { runCommand } from '../cli/testkit.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { switchingCommands } from './switching.cli.ts';
import { mediaImportTask } from './switching.media.ts';
import { importJson, recount, reviewsOf, summaries } from './switching.testkit.ts';

/** A media server on 127.0.0.1: good images, a redirect to one, a non-image, an oversize file, a response that never comes, a redirect to a private address. */
async function mediaServer(t: { after: (fn: () => Promise<void> | void) => void }) {
  const files: Record<string, [string, Buffer]> = {
    '/good.jpg': ['image/jpeg', await jpegWithGps(400, 300)],
    '/good2.jpg': ['image/jpeg', await jpegWithGps(200, 100)],
    '/photo.png': ['image/png', await pngImage(300, 200)],
    '/clip.mp4': ['video/mp4', mp4Bytes(4000)],
    '/text.jpg': ['image/jpeg', Buffer.from('hello, this is not an image at all, whatever its name says')],
    '/huge.jpg': ['image/jpeg', await noisyJpeg(400, 400)],
  };
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    if (path === '/moved.jpg') return void response.writeHead(302, { location: '/good2.jpg' }).end();
    if (path === '/private.jpg') return void response.writeHead(302, { location: 'http://10.1.2.3/x.jpg' }).end();
    if (path === '/slow.jpg') return void hanging.push(response);
    const file = files[path];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    hanging.forEach((r) => r.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hugeBytes: files['/huge.jpg']![1].length };
}

test('imported media: downloaded by the worker, checked from the bytes, EXIF stripped, stored with thumbnails; failures keep the review and are reported', async (t) => {
  const env = await buildTestApp(t, { env: { MEDIA_MAX_IMAGE_BYTES: '100000' } });
  const server = await mediaServer(t);
  assert.ok(server.hugeBytes > 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-media-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const u = (path: string) => `${server.url}${path}`;
  writeFileSync(
    join(dir, 'reviews.csv'),
    [
      'title,body,rating,review_date,reviewer_name,product_handle,picture_urls',
      `Photos,Look,5,2025-01-01,Ann,cup,"${u('/good.jpg')},${u('/photo.png')},${u('/moved.jpg')},${u('/clip.mp4')}"`,
      `Broken,Look,4,2025-01-02,Bob,cup,"${u('/text.jpg')},${u('/huge.jpg')},${u('/slow.jpg')},${u('/private.jpg')},${u('/good.jpg')}"`,
      '',
    ].join('\n'),
  );
  const report = await importJson(env, [join(dir, 'reviews.csv')]);
  assert.equal(report.created, 2);
  assert.equal(report.mediaReviews, 2);

  const task = mediaImportTask({
    db: env.database.db,
    clock: env.clock,
    storage: env.app.mediaStorage,
    media: env.config.media,
    allowPrivate: false,
    allowAddresses: ['127.0.0.1'],
    timeoutMs: 2_000,
    concurrency: 3,
  });
  assert.equal(await task.runDue(env.clock.now()), 9);
  // The hanging response timed out: it is retried later, twice, then given up.
  for (const wait of [60_000, 600_000]) {
    assert.equal(await task.runDue(env.clock.now()), 0);
    env.clock.advance(wait);
    assert.equal(await task.runDue(env.clock.now()), 1);
  }
  const mediaReport = JSON.parse(await runCommand(env, switchingCommands, ['reviews', 'import-media', '--domain', 'shop-a.myshopify.com', '--json']));
  assert.equal(mediaReport.done, 5);
  assert.equal(mediaReport.pending, 0);
  assert.deepEqual(
    mediaReport.failures.map((f: { url: string; reason: string }) => [f.url.replace(server.url, ''), f.reason]),
    [
      ['/text.jpg', 'not an image or video (from its bytes)'],
      ['/huge.jpg', 'too large: over 100000 bytes for an image'],
      ['/slow.jpg', 'timeout after 2000 ms'],
      ['/private.jpg', 'refused: 10.1.2.3 is a private address'],
    ],
  );

  const [ann, bob] = await reviewsOf(env.database.db, env.shopA.shopId);
  const base = env.config.media.publicUrl;
  const annMedia = JSON.parse(ann!.media) as ReviewMedia[];
  assert.equal(annMedia.length, 4);
  for (const item of annMedia) assert.ok(item.url.startsWith(`${base}/${env.shopA.shopId}/`), item.url);
  assert.deepEqual(
    annMedia.map((m) => [m.type, /\.(jpeg|png|mp4)$/.exec(m.url)?.[1], m.thumbnail_url === '' ? '' : 'thumb']),
    [
      [1, 'jpeg', 'thumb'],
      [1, 'png', 'thumb'],
      [1, 'jpeg', 'thumb'],
      [2, 'mp4', ''],
    ],
  );
  assert.equal(annMedia[0]!.thumbnail_url, `${annMedia[0]!.url}?x-oss-process=style/thumbnail`);
  // The only media left on the failing review is its one good photo.
  assert.deepEqual(
    (JSON.parse(bob!.media) as ReviewMedia[]).map((m) => m.url.startsWith(`${base}/`)),
    [true],
  );

  // Served like an upload: an image without EXIF, and a thumbnail.
  const key = annMedia[0]!.url.slice(base.length + 1);
  const served = await env.app.inject({ method: 'GET', url: `/media/${key}` });
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'image/jpeg');
  const meta = await sharp(served.rawPayload).metadata();
  assert.equal(meta.exif, undefined);
  assert.deepEqual([meta.width, meta.height], [400, 300]);
  const thumb = await env.app.inject({ method: 'GET', url: `/media/${key}?x-oss-process=style/thumbnail` });
  assert.equal(thumb.statusCode, 200);
  assert.deepEqual([(await sharp(thumb.rawPayload).metadata()).width], [240]);
  assert.ok(!mediaFiles(env.config.dataDir).some((f) => f.includes('media-tmp')), 'no temporary file left');
  assert.deepEqual(await summaries(env.database.db, env.shopA.shopId), await recount(env.database.db, env.shopA.shopId));

  // The export can take the stored files along.
  const out = join(dir, 'export');
  const exported = await runCommand(env, switchingCommands, ['reviews', 'export', '--domain', 'shop-a.myshopify.com', '--out', join(dir, 'all.jsonl'), '--with-media', out]);
  assert.match(exported, /media copied: 5 to .*\nmedia left as links \(other hosts\): 0\n$/);
  const copied = await sharp(join(out, ...key.split('/'))).metadata();
  assert.deepEqual([copied.width, copied.height, copied.exif], [400, 300, undefined]);
});

test('--keep-media-urls keeps the links and queues no download; a dry run queues nothing', async (t) => {
  const env = await buildTestApp(t);
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-media-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'r.csv'), 'title,body,rating,review_date,reviewer_name,picture_urls\nA,B,5,2025-01-01,Ann,https://cdn.example.com/a.jpg\n');
  await importJson(env, [join(dir, 'r.csv'), '--dry-run']);
  await importJson(env, [join(dir, 'r.csv'), '--keep-media-urls']);
  assert.equal((await env.database.db.selectFrom('review_media_downloads').selectAll().execute()).length, 0);
  const [review] = await reviewsOf(env.database.db, env.shopA.shopId);
  assert.equal((JSON.parse(review!.media) as ReviewMedia[])[0]!.url, 'https://cdn.example.com/a.jpg');
});

test('a review deleted before its photo arrives: the copy stays unreferenced (the media cleanup removes it) and the report says why', async (t) => {
  const env = await buildTestApp(t);
  const server = await mediaServer(t);
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-media-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'r.csv'), `title,body,rating,review_date,reviewer_name,picture_urls\nA,B,5,2025-01-01,Ann,${server.url}/good.jpg\n`);
  await importJson(env, [join(dir, 'r.csv')]);
  const [review] = await reviewsOf(env.database.db, env.shopA.shopId);
  assert.equal((await env.shopA.client.deleteReview(review!.id)).code, 0);
  const task = mediaImportTask({
    db: env.database.db,
    clock: env.clock,
    storage: env.app.mediaStorage,
    media: env.config.media,
    allowPrivate: false,
    allowAddresses: ['127.0.0.1'],
  });
  assert.equal(await task.runDue(env.clock.now()), 1);
  const uploads = await env.database.db.selectFrom('media_uploads').selectAll().execute();
  assert.deepEqual(
    uploads.map((u) => [u.status, u.referenced_at]),
    [['stored', null]],
  );
  const report = JSON.parse(await runCommand(env, switchingCommands, ['reviews', 'import-media', '--domain', 'shop-a.myshopify.com', '--json']));
  assert.deepEqual(
    report.failures.map((f: { reason: string }) => f.reason),
    ['the review was deleted before its media arrived'],
  );
});

test('the media download task is part of the app worker and does nothing when nothing is queued', async (t) => {
  const env = await buildTestApp(t);
  const handled = await env.worker.runOnce();
  assert.equal(handled['import-media-downloads'], 0);
});
