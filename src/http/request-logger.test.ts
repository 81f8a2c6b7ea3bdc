import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { captureLogs } from '../../test/log-capture.ts';

test('request log lines carry the request id the response names, at info and at warn level', async (t) => {
  const info = captureLogs();
  const { app } = await buildTestApp(t, { env: { LOG_LEVEL: 'info' }, deps: { logStream: info.stream } });
  // (GET /healthz logs at warn only: a route-level level, also served by the lazy logger.)
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  const first = await app.inject({ method: 'GET', url: '/api/v1/openapi/get_rating?product_id=1' });
  const second = await app.inject({ method: 'GET', url: '/api/v1/openapi/get_rating?product_id=2' });
  const ids = [first, second].map((r) => r.headers['x-request-id']);
  assert.notEqual(ids[0], ids[1]);
  for (const id of ids) {
    const lines = info.entries().filter((e) => e.reqId === id);
    assert.deepEqual(
      lines.map((e) => e.msg),
      ['incoming request', 'request completed'],
    );
  }
  assert.equal(info.entries().filter((e) => e.msg === 'incoming request').length, 2);

  // At warn, a request that logs nothing writes nothing; a request-scoped warning still names its request.
  const warn = captureLogs();
  const quiet = await buildTestApp(t, { env: { LOG_LEVEL: 'warn' }, deps: { logStream: warn.stream } });
  quiet.app.get('/test-warning', async (request) => {
    request.log.info('not at this level');
    request.log.warn({ detail: 1 }, 'a request-scoped warning');
    return { ok: true };
  });
  assert.equal((await quiet.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  assert.deepEqual(warn.lines, []);
  const warned = await quiet.app.inject({ method: 'GET', url: '/test-warning' });
  const entries = warn.entries();
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.msg, 'a request-scoped warning');
  assert.equal(entries[0]!.reqId, warned.headers['x-request-id']);
  assert.equal(entries[0]!.detail, 1);
});
