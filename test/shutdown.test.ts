import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openTestDatabase, TEST_SECRET_KEY } from './helpers.ts';

/** src/main.ts as a real process on a free port, with its log lines. */
async function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const w of [...waiters]) {
      const match = w.pattern.exec(output);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      waiters.push({ pattern, resolve });
      onData(Buffer.alloc(0));
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before ${pattern}: ${output}`)));
    });
  const port = Number((await waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/))[1]);
  return { child, port, waitFor, output: () => output };
}

const open = async (port: number): Promise<Socket> => {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
};

/** Everything the server sends until it closes the connection. */
const received = (socket: Socket) =>
  new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('close', () => resolve(text));
    socket.on('error', () => {});
  });

test('SIGTERM: a client stalled mid-headers and an idle one do not hold shutdown; an in-flight request is answered; exit 0', async (t) => {
  const { databaseUrl } = await openTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-shutdown-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startMain({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PLAUDIT_SECRET_KEY: TEST_SECRET_KEY });
  t.after(() => server.child.kill('SIGKILL'));

  // Stalled: the headers never end.
  const stalled = await open(server.port);
  const stalledClosed = received(stalled);
  stalled.write('GET /healthz HTTP/1.1\r\nHost: plaudit\r\nX-Slow: ');
  // Idle: a keep-alive connection after one answered request.
  const idle = await open(server.port);
  const idleText = received(idle);
  const idleAnswered = once(idle, 'data');
  idle.write('GET /healthz HTTP/1.1\r\nHost: plaudit\r\n\r\n');
  await idleAnswered;
  // In flight: headers sent, body not yet; the server's "100 Continue" says the request is being handled.
  const body = '{"rating":5,"author":"Late"}';
  const slow = await open(server.port);
  const slowText = received(slow);
  slow.write(`POST /api/v1/openapi/create_review HTTP/1.1\r\nHost: plaudit\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`);
  await new Promise<void>((resolve) => slow.once('data', (d) => (assert.match(String(d), /^HTTP\/1\.1 100 Continue/), resolve())));

  server.child.kill('SIGTERM');
  await server.waitFor(/shutting down/);
  slow.end(body);

  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0, server.output());
  assert.equal(await stalledClosed, '', 'the stalled client is disconnected without an answer');
  assert.match(await idleText, /^HTTP\/1\.1 200 OK/);
  // The in-flight request gets its whole answer (unsigned: code 16 in the envelope).
  const answer = await slowText;
  assert.match(answer, /HTTP\/1\.1 200 OK/);
  assert.match(answer, /"code":16/);
  assert.doesNotMatch(server.output(), /exiting anyway/);
});

test('the HTTP server has header, request and keep-alive timeouts', async (t) => {
  const { buildTestApp } = await import('./helpers.ts');
  const { app } = await buildTestApp(t);
  const { headersTimeout, requestTimeout, keepAliveTimeout } = app.server;
  assert.deepEqual({ headersTimeout, requestTimeout, keepAliveTimeout }, { headersTimeout: 15_000, requestTimeout: 120_000, keepAliveTimeout: 72_000 });
});
