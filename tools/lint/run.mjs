// Runs ESLint, Prettier or knip from tools/lint (installed there on their own: typescript-eslint needs
// the TypeScript 5 compiler API, the project type-checks with TypeScript 7). Installs them with
// `npm ci` first when they are missing or older than tools/lint/package-lock.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [tool, ...args] = process.argv.slice(2);
if (!['eslint', 'prettier', 'knip'].includes(tool)) {
  console.error('usage: node tools/lint/run.mjs eslint|prettier|knip [arguments]');
  process.exit(2);
}
const installed = join(here, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(here, 'package-lock.json')).mtimeMs) {
  const install = spawnSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund', '--ignore-scripts'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const result = spawnSync(join(here, 'node_modules', '.bin', tool), args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
