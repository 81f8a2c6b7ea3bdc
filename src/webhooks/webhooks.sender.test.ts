import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { loadConfig } from '../app-config.ts';
import { createSender } from './webhooks.sender.ts';

/** A real receiver on 127.0.0.1 whose answer each test writes by hand (drips, huge bodies, hangs). */
async function receiver(t: TestContext, answer: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void) {
  const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ url: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function senderFor(t: TestContext, timeoutMs = 10_000) {
  const sender = createSender(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_TIMEOUT_MS: String(timeoutMs) }).webhooks);
  t.after(() => sender.close());
  return sender;
}

test('a POST carries the headers and the exact body; {"code":0} acknowledges it; the query string is kept', async (t) => {
  const peer = await receiver(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"message":"ok"}'));
  const sender = senderFor(t);
  const body = JSON.stringify({ list: [{ id: 1, author: 'Zoë 🚀' }] });
  const asText = await sender.send(`${peer.url}/hook?x=1`, { 'content-type': 'application/json', 'webhook-id': 'abc' }, body, false);
  const asBytes = await sender.send(`${peer.url}/hook`, { 'content-type': 'application/json' }, Buffer.from(body), false);
  for (const result of [asText, asBytes]) {
    assert.deepEqual([result.success, result.statusCode, result.error, result.excerpt, result.retryAfterMs], [true, 200, null, '{"code":0,"message":"ok"}', null]);
  }
  assert.deepEqual(
    peer.received.map((r) => [r.url, r.body]),
    [
      ['/hook?x=1', body],
      ['/hook', body],
    ],
  );
  assert.equal(peer.received[0]!.headers['webhook-id'], 'abc');
});

test('Retry-After is read from the answer; a redirect is a failure and is not followed', async (t) => {
  const peer = await receiver(t, (req, res) => {
    if (req.url === '/busy') res.writeHead(503, { 'Retry-After': '120' }).end('{"error":"busy"}');
    else res.writeHead(302, { location: '/elsewhere' }).end();
  });
  const sender = senderFor(t);
  const busy = await sender.send(`${peer.url}/busy`, {}, '{}', false);
  assert.deepEqual([busy.success, busy.statusCode, busy.error, busy.excerpt, busy.retryAfterMs], [false, 503, 'HTTP 503', '{"error":"busy"}', 120_000]);
  const moved = await sender.send(`${peer.url}/moved`, {}, '{}', true);
  assert.deepEqual([moved.success, moved.statusCode, moved.error], [false, 302, 'HTTP 302']);
  assert.deepEqual(
    peer.received.map((r) => r.url),
    ['/busy', '/moved'],
  );
});

test('the timeout bounds the whole attempt: a receiver that never answers, and one that drips its body', async (t) => {
  const peer = await receiver(t, (req, res) => {
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 50);
      res.on('close', () => clearInterval(drip));
    }
    // '/hang': no answer at all.
  });
  const sender = senderFor(t, 400);
  for (const path of ['/hang', '/drip']) {
    const result = await sender.send(`${peer.url}${path}`, {}, '{}', false);
    assert.deepEqual([result.success, result.statusCode, result.error], [false, null, 'timeout after 400 ms'], path);
    assert.ok(result.durationMs >= 390 && result.durationMs < 3000, `${path} took ${result.durationMs} ms`);
  }
});

test('a huge answer is read only up to 64 KB, kept as a 1 KB excerpt, and the sender goes on working', async (t) => {
  const peer = await receiver(t, (req, res) => {
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const piece = 'é'.repeat(8 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 1024 && !res.destroyed) {
          sent++;
          if (!res.write(piece)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
    } else res.writeHead(200).end('{"code":0}');
  });
  const sender = senderFor(t);
  const huge = await sender.send(`${peer.url}/huge`, {}, '{}', false);
  assert.deepEqual([huge.success, huge.statusCode, huge.error], [false, 200, 'HTTP 200 without the {"code":0} acknowledgement']);
  assert.equal(huge.excerpt, 'é'.repeat(512));
  assert.ok(huge.durationMs < 5000);
  const next = await sender.send(`${peer.url}/next`, {}, '{}', false);
  assert.equal(next.success, true);
});

test('a closed port is reported as a refused connection', async (t) => {
  const peer = await receiver(t, (_req, res) => res.end());
  const port = new URL(peer.url).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const freePort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  assert.notEqual(String(freePort), port);
  const result = await senderFor(t).send(`http://127.0.0.1:${freePort}/hook`, {}, '{}', false);
  assert.deepEqual([result.success, result.statusCode, result.error], [false, null, 'connection refused']);
});

test('a send after the sender is closed fails at once with the reason instead of waiting for the timeout', async (t) => {
  const peer = await receiver(t, (_req, res) => res.writeHead(200).end('{"code":0}'));
  const sender = createSender(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_TIMEOUT_MS: '5000' }).webhooks);
  assert.equal((await sender.send(`${peer.url}/hook`, {}, '{}', false)).success, true);
  await sender.close();
  const late = await sender.send(`${peer.url}/hook`, {}, '{}', false);
  assert.deepEqual([late.success, late.statusCode], [false, null]);
  assert.match(late.error ?? '', /destroyed|closed/i);
  assert.ok(late.durationMs < 1000, `${late.durationMs} ms`);
});
