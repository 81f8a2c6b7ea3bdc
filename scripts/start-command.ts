// What `npm start` runs, for benchmarks and tests that must start the server the same way.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** package.json's scripts (prestart, start, …). */
export const packageScripts = (): Record<string, string> => (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Builds dist/main.js as `prestart` does, then returns the node arguments of the start script (flags and absolute entry). */
export function npmStartArguments(): string[] {
  execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/build.ts')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const [, ...args] = packageScripts().start!.split(' ');
  return args.map((arg) => (arg.endsWith('.js') ? join(REPO_ROOT, arg) : arg));
}
