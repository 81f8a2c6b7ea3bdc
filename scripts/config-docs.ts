// Writes .env.example and the README's configuration table from the config schema (src/config.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { envExample, withReadmeTable } from '../src/config.docs.ts';

writeFileSync('.env.example', envExample());
writeFileSync('README.md', withReadmeTable(readFileSync('README.md', 'utf8')));
console.log('wrote .env.example and the configuration table of README.md');
