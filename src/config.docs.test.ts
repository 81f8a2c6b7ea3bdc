import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { envExample, withReadmeTable } from './config.docs.ts';
import { EnvSchema, loadConfig } from './app-config.ts';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

test('.env.example is the one generated from the config schema (npm run config:docs)', () => {
  assert.equal(read('.env.example'), envExample());
});

test('the README configuration table is the one generated from the config schema (npm run config:docs)', () => {
  const readme = read('README.md');
  assert.equal(readme, withReadmeTable(readme));
});

test('every key is documented, and .env.example as written loads to the defaults', () => {
  for (const [key, schema] of Object.entries(EnvSchema.properties as Record<string, { title?: string; description?: string }>)) {
    assert.ok(schema.title && schema.description, `${key} has a title and a description`);
  }
  const env = Object.fromEntries(
    read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  assert.deepEqual(Object.keys(env).sort(), Object.keys(EnvSchema.properties).sort());
  assert.deepEqual(loadConfig(env), loadConfig({}));
});
