// Builds the console (packages/console) into packages/console/dist with Vite: hashed files under
// assets/, each text file also written as .br and .gz next to it so the server sends them as they
// are (src/console/console.routes.ts). `npm run build` (and so `npm start`) calls buildConsole();
// it skips the work when dist was built from the same sources (a stamp of their hash).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// This file runs from packages/console (sources) or bundled into dist/main.js (npm start).
const thisDir = dirname(fileURLToPath(import.meta.url));
const here = existsSync(join(thisDir, 'index.html')) ? thisDir : join(thisDir, '..', 'packages', 'console');
export const CONSOLE_DIR = here;
export const CONSOLE_DIST = join(here, 'dist');
const STAMP = join(CONSOLE_DIST, '.sources-hash');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** A hash of everything the build reads: sources, config and the installed versions (the lock file). */
export function consoleSourcesHash(): string {
  const hash = createHash('sha256');
  // The Storefront page imports the widget's appearance and texts (packages/widget/src).
  const inputs = [join(here, 'index.html'), join(here, 'vite.config.ts'), join(here, 'build.ts'), ...filesUnder(join(here, 'src')), ...filesUnder(join(here, '..', 'widget', 'src'))];
  const lock = join(here, '..', '..', 'package-lock.json');
  if (existsSync(lock)) inputs.push(lock);
  for (const file of inputs) hash.update(relative(here, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function consoleIsStale(): boolean {
  return !existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== consoleSourcesHash() || !existsSync(join(CONSOLE_DIST, 'index.html'));
}

/** Builds when the sources changed; returns whether it built. */
export async function buildConsole(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !consoleIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
  compressOutput(CONSOLE_DIST);
  writeFileSync(STAMP, consoleSourcesHash());
  return true;
}

function compressOutput(dir: string): void {
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}
