// npm run build (also run by npm start and npm test): the storefront widget, the merchant console
// (Vite, skipped when its sources did not change: packages/console/build.ts), and the server and
// the CLI bundled into dist/ as plain JavaScript (dist/main.js, dist/cli.js, run by
// bin/plaudit.mjs). Running built JavaScript instead of the TypeScript sources through tsx
// spares the loader thread and the transpiler: about 80 MB less memory per process, and neither
// tsx nor esbuild is needed at run time. Dependencies stay in node_modules (not bundled).
// Every file is written aside and renamed, so a process starting meanwhile never reads half of
// one (tests build while others run the CLI). Takes about a second.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { buildWidgetAsset } from '../packages/widget/build.ts';
import { buildConsole } from '../packages/console/build.ts';

const widget = await buildWidgetAsset();
const consoleBuilt = await buildConsole();
const result = await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  write: false,
});
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}
console.log(
  `built dist/main.js, dist/cli.js and packages/widget/dist/${widget.file} (${widget.bytes} bytes; ${widget.brotliBytes} brotli, ${widget.gzipBytes} gzip); ${consoleBuilt ? 'built' : 'unchanged:'} packages/console/dist`,
);
