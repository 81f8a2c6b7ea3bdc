import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from './helpers.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { rotatePrivateToken } from '../src/shops/shops.service.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/plaudit.mjs', import.meta.url));

/** DATABASE_URL that a separate process can use to reach this test's database (PostgreSQL: its schema). */
async function databaseUrlOf(setup: TestApp): Promise<string> {
  const { database } = setup.config;
  if (database.kind === 'sqlite') return `sqlite:${database.path}`;
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(setup.database.db)).rows[0]!.schema;
  const url = new URL(database.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

test('the old private token stops working at once when another process (the CLI) rotates it, even after it was just used', async (t) => {
  const setup = await buildTestApp(t);
  // Warm every cache on the request path with the old token.
  for (let i = 0; i < 3; i++) assert.equal((await setup.shopA.client.getRating({ is_all_rating: 1 })).code, 0);

  const { stdout } = await run(process.execPath, [BIN, 'shops', 'rotate-token', '--domain', 'shop-a.myshopify.com', '--json'], {
    env: { ...process.env, DATABASE_URL: await databaseUrlOf(setup), PLAUDIT_SECRET_KEY: setup.config.secretKey, LOG_LEVEL: 'silent' },
  });
  const rotated = JSON.parse(stdout) as { public_token: string; private_token: string };
  assert.equal(rotated.public_token, setup.shopA.credentials.public_token);

  const stale = await setup.shopA.client.getRating({ is_all_rating: 1 });
  assert.equal(stale.code, 16);
  assert.match(stale.message, /Sign does not match/);
  assert.equal((await setup.clientFor(rotated).getRating({ is_all_rating: 1 })).code, 0);
  assert.equal((await setup.shopB.client.getRating({ is_all_rating: 1 })).code, 0);
});

test('an in-process rotation after the old token was used also stops it at once', async (t) => {
  const setup = await buildTestApp(t);
  assert.equal((await setup.shopA.client.getReviews({})).code, 0);
  const rotated = await rotatePrivateToken({ db: setup.database.db, clock: setup.clock, secrets: setup.app.secrets }, 'shop-a.myshopify.com');
  assert.equal((await setup.shopA.client.getReviews({})).code, 16);
  assert.equal((await setup.clientFor(rotated).getReviews({})).code, 0);
});

test('SecretBox opens each sealed value to its own secret, also when remembered', () => {
  const box = new SecretBox('k'.repeat(40));
  const first = box.seal('first-secret');
  const second = box.seal('first-secret');
  assert.notEqual(first, second);
  for (let i = 0; i < 2; i++) {
    assert.equal(box.open(first), 'first-secret');
    assert.equal(box.open(second), 'first-secret');
  }
  const other = box.seal('other-secret');
  assert.equal(box.open(other), 'other-secret');
  // Many distinct secrets (beyond the memo's bound) still open correctly.
  const sealed = Array.from({ length: 1500 }, (_, i) => box.seal(`secret-${i}`));
  sealed.forEach((s, i) => assert.equal(box.open(s), `secret-${i}`));
  assert.equal(box.open(first), 'first-secret');
  assert.throws(() => new SecretBox('x'.repeat(40)).open(first));
  assert.throws(() => box.open(first.slice(0, -2) + 'AA'));
});
