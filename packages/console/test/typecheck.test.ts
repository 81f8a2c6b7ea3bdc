import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

test('the console type-checks against the generated Admin API types', () => {
  const tsc = join(here, '..', '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(here, '..')], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
