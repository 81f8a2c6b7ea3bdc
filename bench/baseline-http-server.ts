// The load benchmark's second baseline: bare node:http answering GET /payload/<name> with the same
// JSON documents as bench/baseline-server.ts, serialised once at start. About the least work a
// server can do per request, so its rate shows the load generator's ceiling on this machine.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const payloads = JSON.parse(readFileSync(process.env.BASELINE_PAYLOADS!, 'utf8')) as Record<string, unknown>;
const bodies = new Map(Object.entries(payloads).map(([name, payload]) => [`/payload/${name}`, Buffer.from(JSON.stringify(payload))]));
bodies.set('/healthz', Buffer.from(JSON.stringify({ ok: true })));

const server = createServer((request, response) => {
  const body = bodies.get(request.url ?? '');
  if (body === undefined) {
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"error":"unknown payload"}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
