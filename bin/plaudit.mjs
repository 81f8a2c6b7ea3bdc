#!/usr/bin/env node
// The `plaudit` command: runs the CLI built to dist/cli.js by `npm run build` (which `npm start`
// and `npm test` run first), as plain JavaScript: no TypeScript tooling at run time.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('plaudit: the command line is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(1);
}
const { runCli } = await import(built.href);
process.exitCode = await runCli(process.argv.slice(2));
