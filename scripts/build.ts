// npm run build (also run by npm start): the storefront widget, the merchant console (Vite,
// skipped when its sources did not change), and the server bundled
// into dist/ as plain JavaScript. Running built JavaScript instead of the TypeScript sources
// through tsx spares the loader thread and the transpiler: about 80 MB less memory per process.
// Dependencies stay in node_modules (not bundled). Takes about a second.
import { build } from 'esbuild';
import { buildWidget } from '../packages/widget/build.ts';
import { buildConsole } from '../packages/console/build.ts';

await buildWidget();
const consoleBuilt = await buildConsole();
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
console.log(`built dist/main.js, packages/widget/dist/plaudit.js and ${consoleBuilt ? 'packages/console/dist' : 'nothing new in packages/console/dist'}`);
