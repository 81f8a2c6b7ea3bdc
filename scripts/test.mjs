// Checks the prerequisites (test-prerequisites.mjs: Chromium, Redis, PostgreSQL), builds
// (scripts/build.ts), then runs every *.test.ts under src/, test/ and packages/ with node's test
// runner (through tsx). TEST_DATABASE_URL=postgres://… runs the same suite against PostgreSQL.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrerequisites, prerequisitesOf } from './test-prerequisites.mjs';

const roots = ['src', 'test', 'packages'];
const filter = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts') && (filter.length === 0 || filter.some((f) => path.includes(f)))) files.push(path);
  }
};
for (const root of roots) {
  try {
    walk(root);
  } catch {
    // a missing root is fine
  }
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const problems = await missingPrerequisites(prerequisitesOf(files, filter.length === 0));
if (problems.length > 0) {
  console.error(`The tests cannot run yet:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
// The tests run the built command line (bin/plaudit.mjs runs dist/cli.js), so build it first, once.
const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) {
  console.error('npm run build failed; the tests need the built CLI');
  process.exit(1);
}
// A test still running after 10 minutes is stuck (the slowest takes about one): it fails with its name instead of holding the run.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files.sort()], { stdio: 'inherit' });
process.exit(result.status ?? 1);
