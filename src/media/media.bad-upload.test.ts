import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jpegWithGps, mediaFiles, noisyJpeg, pngBomb, postUpload, startMediaApp, type Credentials } from '../../test/media-fixtures.ts';

const MAX = 200_000;

test('bad uploads are refused with a clear OSS-style error, and nothing is stored', async (t) => {
  const { shopA, shopB, clock, dataDir, snapshot, mediaUrl } = await startMediaApp(t, { MEDIA_MAX_IMAGE_BYTES: String(MAX) });
  const credentialsOf = async (shop: typeof shopA) => (await shop.client.call<Credentials>('GET', 'get_image_upload_policy_token')).data;
  const a = await credentialsOf(shopA);
  const b = await credentialsOf(shopB);
  const jpeg = await jpegWithGps();
  const noisy = await noisyJpeg(400, 300);
  assert.ok(noisy.length < MAX);
  const big = await noisyJpeg(600, 500);
  assert.ok(big.length > MAX);
  const tamperedPolicy = Buffer.from(
    JSON.stringify({
      expiration: '2030-01-01T00:00:00Z',
      conditions: [
        ['starts-with', '$key', a.dir],
        ['content-length-range', 1, 1e9],
      ],
    }),
  ).toString('base64');
  const foreignCallback = Buffer.from(JSON.stringify({ callbackUrl: 'http://169.254.169.254/latest', callbackBody: 'x' })).toString('base64');

  const cases: Array<{ name: string; bytes: Buffer; file?: string; fields?: Record<string, string | undefined>; status: number; code: string; message: RegExp }> = [
    { name: 'tampered policy', bytes: jpeg, fields: { policy: tamperedPolicy }, status: 403, code: 'SignatureDoesNotMatch', message: /signature/ },
    { name: 'tampered signature', bytes: jpeg, fields: { Signature: b.signature }, status: 403, code: 'SignatureDoesNotMatch', message: /signature/ },
    { name: 'unknown access id', bytes: jpeg, fields: { OSSAccessKeyId: 'LTAI5tSomeoneElse' }, status: 403, code: 'InvalidAccessKeyId', message: /Access Key Id/ },
    { name: 'missing signature', bytes: jpeg, fields: { Signature: undefined }, status: 400, code: 'InvalidArgument', message: /Signature/ },
    { name: 'key outside dir', bytes: jpeg, fields: { key: 'public/evil.jpg' }, status: 403, code: 'AccessDenied', message: /Policy Condition failed/ },
    { name: "another shop's dir", bytes: jpeg, fields: { key: `${b.dir}x.jpg` }, status: 403, code: 'AccessDenied', message: /Policy Condition failed/ },
    {
      name: "another shop's policy for my dir",
      bytes: jpeg,
      fields: { key: `${a.dir}x.jpg`, policy: b.policy, Signature: b.signature },
      status: 403,
      code: 'AccessDenied',
      message: /Policy Condition failed/,
    },
    { name: 'path traversal key', bytes: jpeg, fields: { key: `${a.dir}../../${shopB.shopId}/x.jpg` }, status: 400, code: 'InvalidObjectName', message: /segments/ },
    { name: 'key that is only the dir', bytes: jpeg, fields: { key: a.dir.slice(0, -1) }, status: 403, code: 'AccessDenied', message: /Policy Condition failed/ },
    { name: 'oversize file', bytes: big, status: 400, code: 'EntityTooLarge', message: /maximum allowed size/ },
    { name: 'PHP renamed .jpg', bytes: Buffer.from("<?php system($_GET['c']); ?>\n"), status: 400, code: 'InvalidArgument', message: /not an image/ },
    { name: 'HTML renamed .jpg', bytes: Buffer.from('<html><script>alert(document.cookie)</script></html>'), status: 400, code: 'InvalidArgument', message: /not an image/ },
    { name: 'truncated image', bytes: noisy.subarray(0, Math.floor(noisy.length * 0.6)), status: 400, code: 'InvalidArgument', message: /truncated or corrupt/ },
    { name: 'zero-byte file', bytes: Buffer.alloc(0), status: 400, code: 'EntityTooSmall', message: /empty/ },
    { name: 'decompression-bomb PNG', bytes: pngBomb(), file: 'bomb.png', status: 400, code: 'InvalidArgument', message: /too large: 20000×20000/ },
    { name: 'a video posted as an image', bytes: Buffer.concat([Buffer.from('0000001c6674797069736f6d', 'hex'), Buffer.alloc(100)]), status: 400, code: 'InvalidArgument', message: /not an image/ },
    { name: 'a callback to somewhere else', bytes: jpeg, fields: { callback: foreignCallback }, status: 400, code: 'InvalidArgument', message: /callback/ },
  ];

  const before = await snapshot();
  for (const c of cases) {
    const res = await postUpload(a, { bytes: c.bytes, name: c.file ?? 'photo.jpg' }, c.fields);
    const text = await res.text();
    assert.equal(res.status, c.status, `${c.name}: ${text}`);
    assert.equal(res.headers.get('content-type'), 'application/xml', c.name);
    assert.match(text, new RegExp(`<Code>${c.code}</Code>`), c.name);
    assert.match(text, c.message, c.name);
    assert.match(text, /<RequestId>[0-9a-f]{32}<\/RequestId>/, c.name);
    assert.deepEqual(await snapshot(), before, `${c.name}: no row`);
    assert.deepEqual(mediaFiles(dataDir), [], `${c.name}: no file`);
  }

  // Not multipart at all.
  const plain = await fetch(a.host, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(plain.status, 400);
  assert.match(await plain.text(), /multipart\/form-data/);

  // Expired policy: the same credentials, 15 minutes and a second later.
  clock.advance(15 * 60 * 1000 + 1000);
  const expired = await postUpload(a, { bytes: jpeg, name: 'late.jpg' });
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /<Code>AccessDenied<\/Code>\s*<Message>Invalid according to Policy: Policy expired\.<\/Message>/);
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual(mediaFiles(dataDir), []);

  // The same file is accepted with fresh credentials (the refusals above were about the input).
  const fresh = await credentialsOf(shopA);
  const ok = await postUpload(fresh, { bytes: noisy, name: 'fine.jpg' });
  assert.equal(ok.status, 200);
  assert.equal((await fetch(`${mediaUrl}/${fresh.dir}fine.jpg`)).status, 200);
});
