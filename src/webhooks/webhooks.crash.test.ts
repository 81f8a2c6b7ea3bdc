import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../lib/clock.ts';
import { SecretBox } from '../lib/crypto.ts';
import { createShop } from '../shops/shops.service.ts';
import { PlauditClient } from '../client/index.ts';
import { openTestDatabase, TEST_SECRET_KEY } from '../../test/helpers.ts';
import { startReceiver } from '../../test/webhook-receiver.ts';

const N = 40;

/** The real server (`node --import tsx src/main.ts`) as a child process; resolves its port once it listens. */
function startServer(env: Record<string, string>): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const port = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  port.catch(() => {});
  return { child, port };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

test('crash safety: SIGKILL mid-delivery loses no event; a ROLE=worker process delivers the rest', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    DATA_DIR: dir,
    PLAUDIT_SECRET_KEY: TEST_SECRET_KEY,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_ALLOW_HTTP: '1',
    WEBHOOK_TIMEOUT_MS: '3000',
    WEBHOOK_CONCURRENCY: '4',
  };
  // The test's own database (a fresh SQLite file, or a PostgreSQL schema), shared with the server process.
  const { database, databaseUrl } = await openTestDatabase(t);
  env.DATABASE_URL = databaseUrl;
  const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(TEST_SECRET_KEY) }, { domain: 'crash.myshopify.com' });

  const receiver = await startReceiver(t);
  receiver.reply = () => ({ status: 200, body: '{"code":0}', delayMs: 300 });

  const first = startServer(env);
  t.after(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  });
  const client = new PlauditClient({ baseUrl: `http://127.0.0.1:${await first.port}`, publicToken: shop.public_token, privateToken: shop.private_token });
  assert.equal((await client.call('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: receiver.url } })).code, 0);
  const created = new Set<number>();
  for (let i = 0; i < N; i++) {
    const res = await client.createReview({ rating: 5, author: `crash ${i}` });
    assert.equal(res.code, 0, res.message);
    created.add(Number(res.data.id));
  }
  // Mid-delivery: the receiver holds answers the worker is waiting for.
  await waitFor('deliveries in flight', () => receiver.inFlight > 0 && receiver.requests.length >= 10, 15_000);
  first.child.kill('SIGKILL');
  await exited(first.child);
  const beforeCrash = receiver.requests.length;
  assert.ok(beforeCrash < N, `the crash came before every event was sent (${beforeCrash} of ${N})`);
  const recordedBeforeCrash = (await database.db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'succeeded').execute()).length;

  receiver.reply = () => ({ status: 200, body: '{"code":0}' });
  const second = startServer({ ...env, ROLE: 'worker' });
  t.after(() => {
    if (second.child.exitCode === null) second.child.kill('SIGKILL');
  });
  const receivedIds = () => new Set(receiver.bodies().map((b) => Number(b.list[0]!.id)));
  await waitFor('every event to arrive', () => [...created].every((id) => receivedIds().has(id)), 30_000);
  await waitFor(
    'every delivery to be recorded',
    async () => {
      const open = await database.db.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'succeeded').execute();
      return open.length === 0;
    },
    15_000,
  );
  second.child.kill('SIGTERM');
  await exited(second.child);
  assert.equal(second.child.exitCode, 0);

  const rows = await database.db.selectFrom('webhook_deliveries').select(['status']).execute();
  assert.equal(rows.length, N);
  assert.deepEqual(
    [...receivedIds()].sort((a, b) => a - b),
    [...created].sort((a, b) => a - b),
  );
  t.diagnostic(
    `${N} events, ${beforeCrash} requests before SIGKILL (${recordedBeforeCrash} recorded as delivered), ${receiver.requests.length} in all (${receiver.requests.length - N} duplicates, allowed: at-least-once)`,
  );
});
