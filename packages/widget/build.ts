// Bundles packages/widget/src into one minified file: packages/widget/dist/plaudit.js.
// `npm run build` builds it with the server; the server also rebuilds it when a source is newer.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// This file runs from packages/widget (sources) or bundled into dist/main.js (npm start).
const thisDir = dirname(fileURLToPath(import.meta.url));
const here = existsSync(join(thisDir, 'src', 'index.ts')) ? thisDir : join(thisDir, '..', 'packages', 'widget');
export const WIDGET_SRC = join(here, 'src');
export const WIDGET_OUT = join(here, 'dist', 'plaudit.js');

export async function buildWidget(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(WIDGET_SRC, 'index.ts')], outfile: WIDGET_OUT, bundle: true, minify: true, format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'], legalComments: 'none', logLevel: 'warning', write: false,
  });
  // Written aside and renamed, so a server reading the file never sees half of it.
  mkdirSync(dirname(WIDGET_OUT), { recursive: true });
  const temp = `${WIDGET_OUT}.${process.pid}.tmp`;
  writeFileSync(temp, result.outputFiles[0]!.contents);
  renameSync(temp, WIDGET_OUT);
  return WIDGET_OUT;
}

/** True when dist is missing or older than a source file. */
export function widgetIsStale(): boolean {
  let built: number;
  try {
    built = statSync(WIDGET_OUT).mtimeMs;
  } catch {
    return true;
  }
  return readdirSync(WIDGET_SRC).some((name) => statSync(join(WIDGET_SRC, name)).mtimeMs > built);
}
