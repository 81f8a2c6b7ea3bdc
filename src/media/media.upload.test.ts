import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { jpegWithGps, pngImage, postUpload, startMediaApp, type Credentials } from '../../test/media-fixtures.ts';

const credentialsOf = async (client: { call: <T>(m: 'GET', e: string) => Promise<{ code: number; data: T }> }) => {
  const res = await client.call<Credentials>('GET', 'get_image_upload_policy_token');
  assert.equal(res.code, 0);
  return res.data;
};

test('get_image_upload_policy_token returns the spec shape: expire string, dir of the shop and day, decodable policy and callback', async (t) => {
  const { shopA, shopB, clock, mediaUrl } = await startMediaApp(t);
  const res = await shopA.client.call<Credentials>('GET', 'get_image_upload_policy_token');
  assert.equal(res.code, 0);
  const data = res.data;
  assert.deepEqual(Object.keys(data).sort(), ['access_id', 'callback', 'dir', 'expire', 'host', 'policy', 'signature']);
  assert.equal(data.host, mediaUrl);
  assert.equal(data.dir, `${shopA.shopId}/2026/6/1/`);
  assert.equal(data.expire, String(Math.floor(clock.now() / 1000) + 15 * 60));
  assert.match(data.signature, /^[A-Za-z0-9+/]{27}=$/);
  assert.deepEqual(JSON.parse(Buffer.from(data.policy, 'base64').toString()), {
    expiration: '2026-06-01T12:15:00Z',
    conditions: [
      ['starts-with', '$key', data.dir],
      ['content-length-range', 1, 10 * 1024 * 1024],
    ],
  });
  const callback = JSON.parse(Buffer.from(data.callback, 'base64').toString());
  assert.equal(callback.callbackUrl, mediaUrl);
  assert.match(callback.callbackBody, /^filename=\$\{object\}/);
  const other = await credentialsOf(shopB.client);
  assert.equal(other.dir, `${shopB.shopId}/2026/6/1/`);
  assert.notEqual(other.policy, data.policy);
});

test('an image uploaded with the credentials is stored without EXIF/GPS and served with its type, ETag and styles', async (t) => {
  const { shopA, mediaUrl, snapshot } = await startMediaApp(t);
  const credentials = await credentialsOf(shopA.client);
  const original = await jpegWithGps(1800, 1200);
  assert.ok((await sharp(original).metadata()).exif, 'the fixture carries EXIF');

  const res = await postUpload(credentials, { bytes: original, name: 'holiday.jpg' });
  assert.equal(res.status, 200);
  const key = `${credentials.dir}holiday.jpg`;
  const body = await res.json();
  assert.deepEqual(body, {
    Status: 'OK',
    filename: key,
    size: body.size,
    mimeType: 'image/jpeg',
    width: 1800,
    height: 1200,
    url: `${mediaUrl}/${key}`,
    thumbnail_url: `${mediaUrl}/${key}?x-oss-process=style/thumbnail`,
    big_url: `${mediaUrl}/${key}?x-oss-process=style/trustoo_big`,
    small_url: `${mediaUrl}/${key}?x-oss-process=style/trustoo_small`,
  });

  const served = await fetch(body.url);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/jpeg');
  assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const bytes = Buffer.from(await served.arrayBuffer());
  assert.equal(bytes.length, body.size);
  assert.equal(Number(served.headers.get('content-length')), body.size);
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.exif, undefined, 'EXIF (with GPS) is stripped');
  assert.deepEqual([meta.width, meta.height], [1800, 1200]);

  const etag = served.headers.get('etag')!;
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const again = await fetch(body.url, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);

  const sizes: Record<string, [number, number]> = { trustoo_big: [1600, 1067], trustoo_small: [600, 400], thumbnail: [240, 240] };
  for (const [style, [width, height]] of Object.entries(sizes)) {
    const variant: Response = await fetch(`${body.url}?x-oss-process=style/${style}`);
    assert.equal(variant.status, 200, style);
    assert.equal(variant.headers.get('content-type'), 'image/jpeg');
    const variantMeta = await sharp(Buffer.from(await variant.arrayBuffer())).metadata();
    assert.deepEqual([variantMeta.width, variantMeta.height], [width, height], style);
    assert.equal(variantMeta.exif, undefined);
    const variantTag = variant.headers.get('etag')!;
    assert.notEqual(variantTag, etag);
    assert.equal((await fetch(`${body.url}?x-oss-process=style/${style}`, { headers: { 'if-none-match': variantTag } })).status, 304);
  }
  const unknownStyle = await fetch(`${body.url}?x-oss-process=style/huge`);
  assert.equal(unknownStyle.status, 400);
  assert.match(await unknownStyle.text(), /<Code>InvalidArgument<\/Code>/);
  // One row for the upload; variants are files, not rows.
  assert.equal((await snapshot()).media_uploads!.length, 1);
});

test('without the callback field the receiver answers 204 like a plain PostObject; a PNG keeps its own type', async (t) => {
  const { shopA, mediaUrl } = await startMediaApp(t);
  const credentials = await credentialsOf(shopA.client);
  const res = await postUpload(credentials, { bytes: await pngImage(), name: 'logo.jpg' }, { callback: undefined });
  assert.equal(res.status, 204);
  const served = await fetch(`${mediaUrl}/${credentials.dir}logo.jpg`);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/png', 'the type comes from the bytes, not the name');
});

test('served files: range requests, unknown keys and unsafe paths answer like object storage', async (t) => {
  const { shopA, mediaUrl } = await startMediaApp(t);
  const credentials = await credentialsOf(shopA.client);
  await postUpload(credentials, { bytes: await pngImage(), name: 'r.png' });
  const url = `${mediaUrl}/${credentials.dir}r.png`;
  const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
  const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-19/${whole.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), whole.subarray(10, 20));
  const head = await fetch(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(whole.length));
  assert.equal(head.headers.get('content-type'), 'image/png');
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  const tail = await fetch(url, { headers: { range: 'bytes=-5' } });
  assert.deepEqual(Buffer.from(await tail.arrayBuffer()), whole.subarray(whole.length - 5));
  const beyond = await fetch(url, { headers: { range: `bytes=${whole.length}-` } });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${whole.length}`);
  assert.match(await beyond.text(), /<Code>InvalidRange<\/Code>/);

  for (const path of [`${credentials.dir}missing.png`, `${credentials.dir}r.png!thumbnail`, '..%2F..%2Fetc%2Fpasswd', `${credentials.dir}..%2F..%2Fr.png`]) {
    const res = await fetch(`${mediaUrl}/${path}`);
    assert.equal(res.status, 404, path);
    assert.equal(res.headers.get('content-type'), 'application/xml');
    assert.match(await res.text(), /<Code>NoSuchKey<\/Code>/);
  }
});

test('an existing key is never overwritten', async (t) => {
  const { shopA, mediaUrl, snapshot } = await startMediaApp(t);
  const credentials = await credentialsOf(shopA.client);
  assert.equal((await postUpload(credentials, { bytes: await pngImage(), name: 'same.png' })).status, 200);
  const before = await snapshot();
  const first = Buffer.from(await (await fetch(`${mediaUrl}/${credentials.dir}same.png`)).arrayBuffer());
  const second = await postUpload(credentials, { bytes: await jpegWithGps(), name: 'same.png' });
  assert.equal(second.status, 409);
  assert.match(await second.text(), /<Code>FileAlreadyExists<\/Code>/);
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual(Buffer.from(await (await fetch(`${mediaUrl}/${credentials.dir}same.png`)).arrayBuffer()), first);
});

test('the media endpoints need authentication and the write_reviews scope', async (t) => {
  let scopes = new Set(['read_reviews']);
  const verifyBearer = async () => ({ shopId: 1, shopDomain: 'shop-a.myshopify.com', scheme: 'bearer' as const, scopes, platformId: 9 });
  const { app, snapshot } = await startMediaApp(t, {}, { verifyBearer });
  const before = await snapshot();
  for (const url of ['/api/v1/openapi/get_image_upload_policy_token', '/api/v1/openapi/get_video_upload_url']) {
    const anonymous = await app.inject({ method: 'GET', url });
    assert.equal(anonymous.statusCode, 200);
    assert.equal(anonymous.json().code, 16, url);
    const readOnly = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer t' } });
    assert.equal(readOnly.json().code, 7, url);
  }
  assert.deepEqual(await snapshot(), before);
  scopes = new Set(['write_reviews']);
  const allowed = await app.inject({ method: 'GET', url: '/api/v1/openapi/get_image_upload_policy_token', headers: { authorization: 'Bearer t' } });
  assert.equal(allowed.json().code, 0);
  assert.equal(allowed.json().data.dir, '1/2026/6/1/');
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const path of ['/api/v1/openapi/get_image_upload_policy_token', '/api/v1/openapi/get_video_upload_url']) {
    assert.deepEqual(doc.paths[path].get.tags, ['Media']);
    assert.ok(doc.paths[path].get.summary);
  }
  assert.ok(doc.paths['/media'].post.summary);
  assert.ok(doc.paths['/media-uploads/{token}'].put.summary);
});
