import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
// @ts-expect-error a plain .mjs script without type declarations
import { missingPrerequisites, prerequisitesOf } from '../scripts/test-prerequisites.mjs';

type Check = (needs: object, places: object) => Promise<string[]>;
const check = missingPrerequisites as Check;

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('npm test names the command for each missing prerequisite, all at once', async () => {
  const port = await closedPort();
  const problems = await check(
    { chromium: true, redis: true, postgres: true },
    { chromium: '/nonexistent/chromium', redis: { host: '127.0.0.1', port }, postgresUrl: `postgres://postgres:secret@127.0.0.1:${port}/test` },
  );
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /apt-get install -y chromium/);
  assert.match(problems[1]!, new RegExp(`redis-server --daemonize yes --bind 127.0.0.1 --port ${port} `));
  assert.match(problems[2]!, /pg_ctlcluster --skip-systemctl-redirect/);
  assert.doesNotMatch(problems[2]!, /secret/);
});

test('npm test checks only what the selected tests need', async () => {
  const port = await closedPort();
  assert.deepEqual(await check({ chromium: false, redis: false, postgres: false }, { chromium: '/nonexistent', redis: { host: '127.0.0.1', port } }), []);
});

test('a filtered run needs Chromium only for browser tests and Redis only for tests that use it', () => {
  const needs = (file: string) => (prerequisitesOf as (files: string[], wholeSuite: boolean) => object)([file], false);
  assert.deepEqual(needs('src/storefront/storefront-browser.test.ts'), { chromium: true, redis: false, postgres: Boolean(process.env.TEST_DATABASE_URL) });
  assert.deepEqual(needs('src/http/rate-limit.test.ts'), { chromium: false, redis: true, postgres: Boolean(process.env.TEST_DATABASE_URL) });
  assert.deepEqual(needs('src/config.test.ts'), { chromium: false, redis: false, postgres: Boolean(process.env.TEST_DATABASE_URL) });
});
