import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { asBody, mediaFiles, mp4Bytes, startMediaApp } from '../../test/media-fixtures.ts';

interface VideoUrl {
  upload_url: string;
  video_url: string;
  thumbnail_url: string;
  uid: string;
  expire: string;
}

test('get_video_upload_url: a one-time PUT URL; the video is then served with ranges and a placeholder thumbnail', async (t) => {
  const { shopA, clock, mediaUrl, baseUrl } = await startMediaApp(t);
  const res = await shopA.client.call<VideoUrl>('GET', 'get_video_upload_url', { query: { file_name: 'unboxing.mov', content_type: 'video/mp4' } });
  assert.equal(res.code, 0, res.message);
  const data = res.data;
  assert.equal(data.expire, String(Math.floor(clock.now() / 1000) + 30 * 60));
  assert.match(data.uid, /^[0-9a-f-]{36}$/);
  assert.equal(data.video_url, `${mediaUrl}/${shopA.shopId}/2026/6/1/${data.uid}.mp4`);
  assert.equal(data.thumbnail_url, `${data.video_url}?x-oss-process=style/thumbnail`);
  assert.match(data.upload_url, new RegExp(`^${baseUrl}/media-uploads/[A-Za-z0-9_-]{43}$`));
  assert.equal((await fetch(data.video_url)).status, 404, 'nothing to serve before the upload');

  const video = mp4Bytes(3 * 1024 * 1024 + 17);
  const put = await fetch(data.upload_url, { method: 'PUT', body: asBody(video), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(put.status, 200);
  assert.deepEqual(await put.json(), { video_url: data.video_url, size: video.length });

  const again = await fetch(data.upload_url, { method: 'PUT', body: asBody(video) });
  assert.equal(again.status, 403, 'the URL works once');
  assert.match(await again.text(), /already used/);

  const whole = await fetch(data.video_url);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-type'), 'video/mp4');
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.deepEqual(Buffer.from(await whole.arrayBuffer()), video);
  const etag = whole.headers.get('etag')!;
  const part = await fetch(data.video_url, { headers: { range: 'bytes=1000000-1000099' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 1000000-1000099/${video.length}`);
  assert.equal(part.headers.get('content-length'), '100');
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), video.subarray(1000000, 1000100));
  const open = await fetch(data.video_url, { headers: { range: `bytes=${video.length - 10}-` } });
  assert.deepEqual(Buffer.from(await open.arrayBuffer()), video.subarray(video.length - 10));
  const stale = await fetch(data.video_url, { headers: { range: 'bytes=0-9', 'if-range': '"stale"' } });
  assert.equal(stale.status, 200, 'If-Range with another ETag gets the whole file');
  await stale.arrayBuffer();
  assert.equal((await fetch(data.video_url, { headers: { 'if-none-match': etag } })).status, 304);

  const thumbnail = await fetch(data.thumbnail_url);
  assert.equal(thumbnail.status, 200);
  assert.equal(thumbnail.headers.get('content-type'), 'image/png');
  const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 320, 180]);
});

test('bad video uploads are refused, burn the URL, and store nothing', async (t) => {
  const { shopA, clock, dataDir, snapshot } = await startMediaApp(t, { MEDIA_MAX_VIDEO_BYTES: String(1024 * 1024) });
  const newUrl = async (contentType = 'video/mp4') => (await shopA.client.call<VideoUrl>('GET', 'get_video_upload_url', { query: { content_type: contentType } })).data;
  const before = await snapshot();
  const cases: Array<{ name: string; body: Buffer | ReadableStream; status: number; code: string; message: RegExp }> = [
    { name: 'an HTML page', body: Buffer.from('<html><body>not a video</body></html>'.repeat(10)), status: 400, code: 'InvalidArgument', message: /not a video/ },
    { name: 'a JPEG', body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000)]), status: 400, code: 'InvalidArgument', message: /not a video/ },
    { name: 'an empty body', body: Buffer.alloc(0), status: 400, code: 'EntityTooSmall', message: /empty/ },
    { name: 'oversize with Content-Length', body: mp4Bytes(1024 * 1024 + 1), status: 400, code: 'EntityTooLarge', message: /maximum allowed size/ },
    { name: 'oversize streamed without Content-Length', body: streamOf(mp4Bytes(2 * 1024 * 1024)), status: 400, code: 'EntityTooLarge', message: /maximum allowed size/ },
  ];
  for (const c of cases) {
    const url = await newUrl();
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'PUT',
      body: c.body instanceof ReadableStream ? c.body : asBody(c.body),
      ...(c.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    };
    const res = await fetch(url.upload_url, init);
    const text = await res.text();
    assert.equal(res.status, c.status, `${c.name}: ${text}`);
    assert.match(text, new RegExp(`<Code>${c.code}</Code>`), c.name);
    assert.match(text, c.message, c.name);
    assert.equal((await fetch(url.upload_url, { method: 'PUT', body: asBody(mp4Bytes(100)) })).status, 403, `${c.name}: URL burnt`);
    assert.deepEqual(await snapshot(), before, `${c.name}: no row`);
    assert.deepEqual(mediaFiles(dataDir), [], `${c.name}: no file`);
  }

  const bogus = await fetch(`${new URL((await newUrl()).upload_url).origin}/media-uploads/${'x'.repeat(43)}`, { method: 'PUT', body: asBody(mp4Bytes(100)) });
  assert.equal(bogus.status, 403);

  const late = await newUrl();
  clock.advance(30 * 60 * 1000 + 1);
  const expired = await fetch(late.upload_url, { method: 'PUT', body: asBody(mp4Bytes(100)) });
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /invalid, expired or already used/);
  assert.deepEqual(mediaFiles(dataDir), []);

  const badType = await shopA.client.call('GET', 'get_video_upload_url', { query: { content_type: 'text/html' } });
  assert.equal(badType.code, 3);
  assert.match(badType.message, /content_type/);
});

function streamOf(bytes: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}
