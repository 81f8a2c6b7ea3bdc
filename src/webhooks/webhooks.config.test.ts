import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../app-config.ts';

test('webhook settings: safe defaults, explicit values, and every bad key reported', () => {
  assert.deepEqual(loadConfig({}).webhooks, {
    allowPrivate: false,
    allowHttp: false,
    acceptPlain2xx: false,
    timeoutMs: 10_000,
    disableAfterMs: 120 * 3_600_000,
    concurrency: 64,
  });
  assert.deepEqual(
    loadConfig({
      WEBHOOK_ALLOW_PRIVATE: '1',
      WEBHOOK_ALLOW_HTTP: '1',
      WEBHOOK_ACCEPT_PLAIN_2XX: '1',
      WEBHOOK_TIMEOUT_MS: '2500',
      WEBHOOK_DISABLE_AFTER_HOURS: '24',
      WEBHOOK_CONCURRENCY: '8',
    }).webhooks,
    { allowPrivate: true, allowHttp: true, acceptPlain2xx: true, timeoutMs: 2500, disableAfterMs: 24 * 3_600_000, concurrency: 8 },
  );
  const error = (() => {
    try {
      loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes', WEBHOOK_TIMEOUT_MS: '10s', WEBHOOK_DISABLE_AFTER_HOURS: '0', WEBHOOK_CONCURRENCY: '-1' });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(error instanceof ConfigError);
  const keys = error.problems.map((p) => p.split(':')[0]);
  for (const key of ['WEBHOOK_ALLOW_PRIVATE', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_DISABLE_AFTER_HOURS', 'WEBHOOK_CONCURRENCY']) assert.ok(keys.includes(key), key);
});
