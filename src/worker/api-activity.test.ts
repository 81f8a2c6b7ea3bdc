import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openTestDatabase } from '../../test/helpers.ts';
import { BUSY_FOR_MS, postgresApiActivity } from './api-activity.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

/** Polls `busy` until it answers `expected` or `withinMs` pass; returns the last answer. */
async function settle(busy: () => boolean, expected: boolean, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  let answer = busy();
  while (answer !== expected && performance.now() < deadline) {
    await sleep(10);
    answer = busy();
  }
  return answer;
}

/** A session of its own, named `name`, holding a statement for `ms`; `done` settles when it ends. */
async function runningSession(name: string, ms: number): Promise<{ done: Promise<void> }> {
  const client = new pg.Client({ connectionString: pgUrl, application_name: name });
  await client.connect();
  return { done: client.query(`select pg_sleep(${ms / 1000})`).then(() => client.end()) };
}

test('a ROLE=worker process sees API sessions running statements on PostgreSQL, and only those', { skip: !pgUrl && 'PostgreSQL only (TEST_DATABASE_URL)' }, async (t) => {
  const { database } = await openTestDatabase(t);
  // A name of this test's own: other test files run API sessions on the same database meanwhile.
  const apiName = `plaudit-api-${randomBytes(4).toString('hex')}`;
  const busy = postgresApiActivity(database.db, apiName);

  assert.equal(await settle(busy, true, 300), false, 'nobody is running statements under the API name');
  const otherSession = await runningSession(`${apiName}-other`, 400);
  assert.equal(await settle(busy, true, 300), false, 'a session under another name does not count');
  await otherSession.done;

  const apiSession = await runningSession(apiName, 600);
  assert.equal(await settle(busy, true, 500), true, 'an API session running a statement makes the API busy');
  // The worker asks after every round; keep asking until the session ends.
  let ended = false;
  void apiSession.done.then(() => (ended = true));
  while (!ended) {
    assert.equal(busy(), true, 'busy while the API session runs');
    await sleep(10);
  }
  const endedAt = performance.now();
  assert.equal(await settle(busy, false, BUSY_FOR_MS + 500), false, 'idle again once the API session is done');
  assert.ok(performance.now() - endedAt >= BUSY_FOR_MS - 60, 'busy lasts a while after the last sighting');
});
