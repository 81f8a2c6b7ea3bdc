import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './app-config.ts';

test('defaults: port 8080, SQLite under ./data', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.database.kind, 'sqlite');
  assert.ok(config.database.kind === 'sqlite' && config.database.path.endsWith('/data/plaudit.db'));
  assert.equal(config.role, 'all');
});

test('DATABASE_URL picks the dialect', () => {
  assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database, { kind: 'postgres', url: 'postgres://u@h/db' });
  assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database, { kind: 'sqlite', path: '/tmp/x.db' });
});

test('every bad key is reported at once', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', PLAUDIT_SECRET_KEY: 'short', ROLE: 'boss' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const keys = error.problems.map((p) => p.split(':')[0]);
    for (const key of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'PLAUDIT_SECRET_KEY', 'ROLE']) assert.ok(keys.includes(key), `${key} reported`);
  }
});

test('a port above 65535 is refused', () => {
  assert.throws(() => loadConfig({ PORT: '70000' }), ConfigError);
});
