import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import semver from 'semver';
import Fastify from 'fastify';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

test('every locked package supports the Node this project runs on (package.json overrides pin the ones that would not)', () => {
  const refused = ['../package-lock.json', '../tools/lint/package-lock.json'].flatMap((file) => {
    const lock = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { packages: Record<string, LockedPackage> };
    return Object.entries(lock.packages).flatMap(([path, pkg]) => {
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      return range && !semver.satisfies(process.versions.node, range) ? [`${file}: ${path}@${pkg.version} wants node ${range}`] : [];
    });
  });
  assert.deepEqual(refused, []);
});

test('injected requests still carry their cookies (light-my-request on the overridden cookie@1)', async (t) => {
  const app = Fastify();
  t.after(() => app.close());
  app.get('/test-cookie-echo', async (request) => ({ cookie: request.headers.cookie }));
  const response = await app.inject({ url: '/test-cookie-echo', cookies: { session: 'a b;c', theme: 'dark' } });
  assert.deepEqual(response.json(), { cookie: 'session=a%20b%3Bc; theme=dark' });
});

test('@fastify/static still builds Content-Disposition headers (overridden content-disposition@2)', () => {
  const requireFromStatic = createRequire(createRequire(import.meta.url).resolve('@fastify/static'));
  const { create } = requireFromStatic('content-disposition') as { create: (filename: string) => string };
  assert.equal(create('résumé "final".pdf'), 'attachment; filename="r?sum? \\"final\\".pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9%20%22final%22.pdf');
});
