import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openTestDatabase, TEST_SECRET_KEY } from './helpers.ts';
import { npmStartArguments, packageScripts } from '../scripts/start-command.ts';
import { PlauditClient } from '../src/client/index.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { systemClock } from '../src/lib/clock.ts';

/** What `npm start` runs: `prestart` builds dist/main.js, then node with the start script's arguments. */
function npmStart(): string[] {
  const scripts = packageScripts();
  assert.equal(scripts.prestart, 'npm run build --silent');
  assert.equal(scripts.start!.split(' ')[0], 'node');
  return npmStartArguments();
}

/** Starts the server as `npm start` does, as a real process on a free port; resolves with its base URL. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, npmStart(), {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, baseUrl, output: () => output };
}

test('the real server: migrations on start, healthz, signed calls over a socket, graceful SIGTERM', async (t) => {
  const { databaseUrl, database, config } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-server-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) }, { domain: 'socket.myshopify.com' });

  const server = await startServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY });
  t.after(() => server.child.kill('SIGKILL'));
  const health = await fetch(`${server.baseUrl}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { status: string }).status, 'ok');

  const client = new PlauditClient({ baseUrl: server.baseUrl, publicToken: shop.public_token, privateToken: shop.private_token });
  const created = await client.createReview({ rating: 5, author: 'Over a socket', product_id: '9200305176832' });
  assert.equal(created.code, 0, created.message);
  const listed = await client.getReviews({ product_ids: ['9200305176832'], page: 1, page_size: 20 });
  assert.deepEqual(
    listed.data.list.map((r) => r.id),
    [created.data.id],
  );
  const raw = await fetch(`${server.baseUrl}/api/v1/openapi/get_reviews`);
  assert.equal(raw.headers.get('x-request-id')?.length, 32);
  // The bundle finds the widget and the API reference like the sources do.
  const widget = await fetch(`${server.baseUrl}/widget/v1/plaudit.js`);
  assert.equal(widget.status, 200);
  assert.match(await widget.text(), /Plaudit/);
  assert.equal((await fetch(`${server.baseUrl}/docs`)).status, 200);

  server.child.kill('SIGTERM');
  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0);
  assert.match(server.output(), /shutting down/);
  // Logs never carry the private token or the signature header.
  assert.ok(!server.output().includes(shop.private_token));
});

test('the embedded default: no DATABASE_URL means SQLite under DATA_DIR and a generated server key', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-default-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.PLAUDIT_SECRET_KEY;
  const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', PLAUDIT_SECRET_KEY: '' });
  t.after(() => server.child.kill('SIGKILL'));
  const health = await fetch(`${server.baseUrl}/healthz`);
  assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
  assert.ok(existsSync(join(dataDir, 'plaudit.db')));
  assert.ok(existsSync(join(dataDir, 'secret.key')));
  server.child.kill('SIGINT');
  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0);
});

test('a bad configuration stops the start with every bad key listed', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://nope' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) assert.match(stderr, new RegExp(key));
});
