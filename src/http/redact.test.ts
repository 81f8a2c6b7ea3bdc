import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { captureLogs } from '../../test/log-capture.ts';

const SECRET = 'CAPAbility0123456789secret';

test('capabilities in query and path never reach the logs (email-link t=, /media-uploads/<token>, OAuth codes, any encoding)', async (t) => {
  const logs = captureLogs();
  const { app } = await buildTestApp(t, { env: { LOG_LEVEL: 'info' }, deps: { logStream: logs.stream } });
  const urls = [
    `/r/open?t=${SECRET}`,
    `/r/click?t=${SECRET}`,
    `/r/review?t=${SECRET}`,
    `/r/unsubscribe?x=1&t=${SECRET}`,
    `/r/review?%74=${SECRET}`,
    `/r/review?t[]=${SECRET}`,
    `/r/review?T=${SECRET}`,
    `/oauth/authorize?client_id=c&state=${SECRET}&code_challenge=x`,
    `/oauth/callback?code=${SECRET}`,
    `/api/v1/openapi/get_rating?access_token=${SECRET}`,
    `/api/v1/reviews/get_product_reviews?shop=x&token=${SECRET}&sign=${SECRET}`,
  ];
  for (const url of urls) await app.inject({ method: 'GET', url });
  await app.inject({ method: 'PUT', url: `/media-uploads/${SECRET}`, payload: 'not a video', headers: { 'content-type': 'video/mp4' } });
  await app.inject({ method: 'PUT', url: `/media-uploads/${SECRET}?t=1` });

  const requestLines = logs.entries().filter((e) => e.msg === 'incoming request');
  assert.equal(requestLines.length, urls.length + 2, 'every request was logged');
  const logged = requestLines.map((e) => (e.req as { url: string }).url);
  assert.ok(logged.includes('/r/open?t=[redacted]'), logged.join('\n'));
  assert.ok(logged.includes('/media-uploads/[redacted]'), logged.join('\n'));
  assert.ok(logged.includes('/oauth/authorize?client_id=c&state=[redacted]&code_challenge=x'), 'other query keys stay readable');
  const leaked = logs.lines.filter((line) => line.includes(SECRET));
  assert.deepEqual(leaked, []);
});
