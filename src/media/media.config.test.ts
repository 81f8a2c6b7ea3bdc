import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../app-config.ts';

test('media config: defaults are local storage under PUBLIC_URL/media with the issue limits', () => {
  const { media } = loadConfig({ PUBLIC_URL: 'https://reviews.example.com/' });
  assert.deepEqual(media, {
    publicUrl: 'https://reviews.example.com/media',
    maxImageBytes: 10 * 1024 * 1024,
    maxVideoBytes: 200 * 1024 * 1024,
    maxImagePixels: 40_000_000,
    ownHostOnly: false,
    s3: null,
  });
});

test('media config: S3 settings, path style by default with a custom endpoint', () => {
  const { media } = loadConfig({
    MEDIA_PUBLIC_URL: 'https://cdn.example.com/m/',
    S3_BUCKET: 'media',
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_ACCESS_KEY_ID: 'id',
    S3_SECRET_ACCESS_KEY: 'secret',
    MEDIA_OWN_HOST_ONLY: '1',
    MEDIA_MAX_IMAGE_BYTES: '5000',
  });
  assert.equal(media.publicUrl, 'https://cdn.example.com/m');
  assert.equal(media.ownHostOnly, true);
  assert.equal(media.maxImageBytes, 5000);
  assert.deepEqual(media.s3, { bucket: 'media', region: 'us-east-1', forcePathStyle: true, endpoint: 'http://127.0.0.1:9000', accessKeyId: 'id', secretAccessKey: 'secret' });
  assert.equal(loadConfig({ S3_BUCKET: 'media' }).media.s3?.forcePathStyle, false);
});

test('media config: bad values are reported with the other keys', () => {
  try {
    loadConfig({ MEDIA_MAX_IMAGE_BYTES: 'ten', MEDIA_OWN_HOST_ONLY: 'yes', S3_ENDPOINT: 'ftp://x', MEDIA_PUBLIC_URL: 'https://x/?q' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const keys = error.problems.map((p) => p.split(':')[0]);
    for (const key of ['MEDIA_MAX_IMAGE_BYTES', 'MEDIA_OWN_HOST_ONLY', 'S3_ENDPOINT', 'MEDIA_PUBLIC_URL']) assert.ok(keys.includes(key), key);
  }
});
