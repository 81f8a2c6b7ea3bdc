// Bundles packages/widget/src into one minified file, written by scripts/versioned-assets.ts as
// packages/widget/dist/plaudit.<hash>.js (+ .br, .gz) and listed in dist/assets.json.
// `npm run build` (run by `npm start`'s prestart) and `npm test` build it; the server only reads it.
// Run directly: node --import tsx packages/widget/build.ts
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { writeVersionedAsset, type ManifestEntry } from '../../scripts/versioned-assets.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const WIDGET_SRC = join(here, 'src');
export const WIDGET_DIST = join(here, 'dist');
/** The unversioned copy (for size checks and the browser tests' own server). */
export const WIDGET_OUT = join(WIDGET_DIST, 'plaudit.js');

export async function buildWidget(): Promise<string> {
  await buildWidgetAsset();
  return WIDGET_OUT;
}

export async function buildWidgetAsset(): Promise<ManifestEntry> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(WIDGET_SRC, 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const contents = result.outputFiles[0]!.contents;
  mkdirSync(WIDGET_DIST, { recursive: true });
  const temp = `${WIDGET_OUT}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, WIDGET_OUT);
  return writeVersionedAsset(WIDGET_DIST, 'plaudit.js', contents);
}

if (process.argv[1] && existsSync(process.argv[1]) && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entry = await buildWidgetAsset();
  console.log(`built packages/widget/dist/${entry.file}: ${entry.bytes} bytes, ${entry.brotliBytes} brotli, ${entry.gzipBytes} gzip`);
}
