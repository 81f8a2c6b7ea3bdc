// npm run build (also run by npm start): the storefront widget, and the server bundled
// into dist/ as plain JavaScript. Running built JavaScript instead of the TypeScript sources
// through tsx spares the loader thread and the transpiler: about 80 MB less memory per process.
// Dependencies stay in node_modules (not bundled). Takes about a second.
import { build } from 'esbuild';
import { buildWidgetAsset } from '../packages/widget/build.ts';

const widget = await buildWidgetAsset();
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`built dist/main.js and packages/widget/dist/${widget.file} (${widget.bytes} bytes; ${widget.brotliBytes} brotli, ${widget.gzipBytes} gzip)`);
