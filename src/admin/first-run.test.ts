import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, TEST_SECRET_KEY } from '../../test/helpers.ts';
import { PASSWORD } from './admin.testkit.ts';

test('first run on a real server: the log shows a setup token once, GET / leads to setup, then to the console', async (t) => {
  const { databaseUrl } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-first-run-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const { baseUrl, token } = await new Promise<{ baseUrl: string; token: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const announced = /enter the one-time setup token ([\w.-]+)/.exec(output);
      if (listening && announced) resolve({ baseUrl: listening[1]!, token: announced[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  assert.equal(output.match(/one-time setup token/g)?.length, 1, 'printed once');

  const root = await fetch(`${baseUrl}/`, { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/admin/setup');
  const setup = await fetch(`${baseUrl}/admin/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email: 'first@example.com', password: PASSWORD, shop_domain: 'first-run.example.com' }),
  });
  assert.equal(setup.status, 201, await setup.clone().text());
  assert.match(setup.headers.get('set-cookie') ?? '', /^plaudit_admin=/);
  const again = await fetch(`${baseUrl}/admin/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email: 'second@example.com', password: PASSWORD, shop_domain: 'second.example.com' }),
  });
  assert.equal(again.status, 409);
  assert.equal((await fetch(`${baseUrl}/`, { redirect: 'manual' })).headers.get('location'), '/admin/');
});
