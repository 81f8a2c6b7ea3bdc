import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { buildTestApp } from '../../test/helpers.ts';
import { consoleRoutes } from './console.routes.ts';
import { CONSOLE_CONTENT_SECURITY_POLICY } from './console.headers.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/admin/assets/index-AbCdEf12.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("console");'.repeat(50);

/** A built console in a temporary folder: index.html and one hashed asset, each with .br and .gz. */
function fakeBuild(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'plaudit-console-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  for (const [file, body] of [
    ['index.html', INDEX],
    ['assets/index-AbCdEf12.js', SCRIPT],
  ] as const) {
    writeFileSync(join(root, file), body);
    writeFileSync(join(root, `${file}.br`), brotliCompressSync(body));
    writeFileSync(join(root, `${file}.gz`), gzipSync(body));
  }
  return root;
}

async function consoleApp(t: Parameters<typeof fakeBuild>[0] & { after: (fn: () => unknown) => void }, root: string) {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } }); // as buildApp
  await app.register(consoleRoutes, { root });
  t.after(() => app.close());
  return app;
}

test('hashed assets: precompressed brotli or gzip, immutable for a year', async (t) => {
  const app = await consoleApp(t, fakeBuild(t));
  const br = await app.inject({ url: '/admin/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.statusCode, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(br.headers['content-type'] as string, /javascript/);
  assert.equal(brotliDecompressSync(br.rawPayload).toString(), SCRIPT);
  const gz = await app.inject({ url: '/admin/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), SCRIPT);
  const plain = await app.inject({ url: '/admin/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, SCRIPT);
  // A missing asset is a 404, never the app's index.html (a stale page must not run HTML as script).
  const missing = await app.inject({ url: '/admin/assets/index-Zz999999.js' });
  assert.equal(missing.statusCode, 404);
  assert.doesNotMatch(missing.body, /<html/);
  assert.equal((await app.inject({ url: '/admin/assets/..%2Findex.html' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/admin/assets/.sources-hash' })).statusCode, 404);
});

test('index.html for /admin/ and every deep link, never cached, under the strict CSP', async (t) => {
  const app = await consoleApp(t, fakeBuild(t));
  for (const url of ['/admin/', '/admin', '/admin/sign-in', '/admin/shops/1/reviews/42?x=1', '/admin/setup']) {
    const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['cache-control'], 'no-store', url);
    assert.match(res.headers['content-type'] as string, /text\/html/, url);
    assert.equal(brotliDecompressSync(res.rawPayload).toString(), INDEX, url);
    assert.equal(res.headers['content-security-policy'], CONSOLE_CONTENT_SECURITY_POLICY, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
  assert.match(CONSOLE_CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONSOLE_CONTENT_SECURITY_POLICY, /script-src[^;]*unsafe/);
});

test('/admin/api/* is never the app: an unknown path there is a problem+json 404', async (t) => {
  const app = await consoleApp(t, fakeBuild(t));
  const res = await app.inject({ url: '/admin/api/v1/no-such-thing' });
  assert.equal(res.statusCode, 404);
  assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(res.json().type, 'urn:plaudit:problem:not-found');
  assert.equal(res.headers['content-security-policy'], undefined);
});

test('a server without a built console says how to build it', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'plaudit-console-empty-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const app = await consoleApp(t, root);
  const res = await app.inject({ url: '/admin/reviews' });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /npm run build/);
});

test('the real app serves the console routes and documents them', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { tags: string[] }>> };
  assert.deepEqual(doc.paths['/admin/']?.get?.tags, ['Console']);
  assert.ok(doc.paths['/admin/assets/{file}']?.get);
  const unknownApi = await app.inject({ url: '/admin/api/v1/nothing-here' });
  assert.equal(unknownApi.statusCode, 404);
});
