import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../../test/helpers.ts';
import { fixture } from './switching.testkit.ts';
import { runPlaudit as plaudit } from '../../test/plaudit-bin.ts';

test('the plaudit bin: import prints a summary (progress lines go to stderr), errors exit non-zero, export streams to stdout', async (t) => {
  const env = await buildTestApp(t);
  const help = await plaudit(env.databaseUrl, ['--help']);
  for (const command of ['reviews import', 'reviews export', 'reviews import-media']) assert.ok(help.stdout.includes(`plaudit ${command}`), command);

  const run = await plaudit(env.databaseUrl, ['reviews', 'import', '--domain', 'shop-a.myshopify.com', fixture('shopify.csv')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^format: Shopify Product Reviews \(shopify\)\nrows: 5\ncreated: 4\nskipped: 0\nrejected: 1\n {2}line 7: status "maybe"/);
  assert.doesNotMatch(run.stdout, /rows\/s/);

  const usage = await plaudit(env.databaseUrl, ['reviews', 'import', '--domain', 'shop-a.myshopify.com', '--format', 'xls', fixture('shopify.csv')]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format must be auto or one of judgeme, shopify, yotpo, loox, okendo, jsonl, plaudit\nusage: plaudit reviews import/);
  const unknown = await plaudit(env.databaseUrl, ['reviews', 'import', '--domain', 'shop-a.myshopify.com', fixture('unknown.csv')]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error: cannot tell the format from the header/);
  assert.doesNotMatch(unknown.stderr, /\n\s+at /, 'no stack trace');

  const exported = await plaudit(env.databaseUrl, ['reviews', 'export', '--domain', 'shop-a.myshopify.com', '--format', 'csv']);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout.split('\n').filter((line) => /^\d+,/.test(line)).length, 4);
});
