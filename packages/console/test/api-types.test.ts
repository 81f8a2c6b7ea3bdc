import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateAdminApiTypes, SCHEMA_FILE } from '../scripts/api-types.ts';

test('the console client types are generated from the current OpenAPI document (npm run console:api-types)', async () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  assert.equal(committed, await generateAdminApiTypes(), 'src/api/schema.d.ts is stale: run npm run console:api-types');
});
