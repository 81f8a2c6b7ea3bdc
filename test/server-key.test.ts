import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, TEST_SECRET_KEY } from './helpers.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { systemClock } from '../src/lib/clock.ts';
import { PlauditClient } from '../src/client/index.ts';
import { keyCheckValue, keyFingerprint } from '../src/shops/server-key.ts';

const OTHER_KEY = 'another-server-key-fedcba9876543210-fedcba98';
const root = join(import.meta.dirname, '..');

/** Starts src/main.ts as a real process; resolves when it listens (with its URL) or exits (with its code and output). Stopped after the test. */
function startServer(t: TestContext, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => void child.kill('SIGKILL'));
  let output = '';
  return new Promise<{ exitCode: number | null; output: string; baseUrl?: string; stop: () => Promise<void> }>((resolve) => {
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ exitCode: null, output, baseUrl: match[1]!, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ exitCode: code, output, stop }));
  });
}

const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [join(root, 'bin/plaudit.mjs'), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

test("server key check: a process started with another key refuses to start, names the expected key's fingerprint and the recovery; rotate-token --all recovers", async (t) => {
  const { databaseUrl, database, config } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-key-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) }, { domain: 'keys.myshopify.com' });
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir };

  const first = await startServer(t, { ...env, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY });
  assert.ok(first.baseUrl, first.output);
  await first.stop();
  const recorded = await database.db.selectFrom('server_key_checks').selectAll().execute();
  assert.deepEqual(
    recorded.map((r) => r.check_value),
    [keyCheckValue(TEST_SECRET_KEY)],
    'the first start records the check value',
  );

  const wrong = await startServer(t, { ...env, PLAUDIT_SECRET_KEY: OTHER_KEY });
  assert.equal(wrong.baseUrl, undefined, 'never listens');
  assert.notEqual(wrong.exitCode, 0);
  assert.ok(wrong.output.includes(`fingerprint ${keyFingerprint(keyCheckValue(TEST_SECRET_KEY))}`), wrong.output);
  assert.ok(wrong.output.includes(`fingerprint ${keyFingerprint(keyCheckValue(OTHER_KEY))}`), wrong.output);
  assert.match(wrong.output, /restore that key/);
  assert.match(wrong.output, /npx plaudit shops rotate-token --all/);
  assert.ok(!wrong.output.includes(TEST_SECRET_KEY) && !wrong.output.includes(OTHER_KEY), 'never the keys themselves');

  // The same refusal for the CLI, except the recovery command.
  const refusedCli = await cli(['shops', 'create', '--domain', 'x.myshopify.com'], { ...env, PLAUDIT_SECRET_KEY: OTHER_KEY });
  assert.equal(refusedCli.code, 1);
  assert.match(refusedCli.stderr, /refuses to start/);
  const rotated = await cli(['shops', 'rotate-token', '--all', '--json'], { ...env, PLAUDIT_SECRET_KEY: OTHER_KEY });
  assert.equal(rotated.code, 0, rotated.stderr);
  const [credentials] = JSON.parse(rotated.stdout) as { domain: string; public_token: string; private_token: string }[];
  assert.equal(credentials!.domain, 'keys.myshopify.com');
  assert.notEqual(credentials!.private_token, shop.private_token);

  const recovered = await startServer(t, { ...env, PLAUDIT_SECRET_KEY: OTHER_KEY });
  assert.ok(recovered.baseUrl, recovered.output);
  const client = new PlauditClient({ baseUrl: recovered.baseUrl!, publicToken: credentials!.public_token, privateToken: credentials!.private_token });
  assert.equal((await client.getReviews({ page: 1, page_size: 1 })).code, 0, 'the new token works under the new key');
  await recovered.stop();
});

test('server key check: a database from before key checks gets one recorded on the next start, unless its tokens were sealed with another key', async (t) => {
  const { databaseUrl, database, config } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-key-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) }, { domain: 'old.myshopify.com' });
  assert.deepEqual(await database.db.selectFrom('server_key_checks').selectAll().execute(), []);
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir };

  const wrong = await startServer(t, { ...env, PLAUDIT_SECRET_KEY: OTHER_KEY });
  assert.notEqual(wrong.exitCode, 0);
  assert.match(wrong.output, /cannot read the private tokens stored in this database/);
  assert.deepEqual(await database.db.selectFrom('server_key_checks').selectAll().execute(), [], 'nothing recorded for the wrong key');

  const right = await startServer(t, { ...env, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY });
  assert.ok(right.baseUrl, right.output);
  await right.stop();
  assert.deepEqual(
    (await database.db.selectFrom('server_key_checks').selectAll().execute()).map((r) => r.check_value),
    [keyCheckValue(TEST_SECRET_KEY)],
  );
});
