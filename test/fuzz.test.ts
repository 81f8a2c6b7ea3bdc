import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from './helpers.ts';
import { seedStorefront } from './storefront-fixtures.ts';
import { fuzzEndpoint, fuzzEndpoints } from './fuzz/fuzz-kit.ts';

/** The seed-fixed slice that runs in `npm test`; bench/fuzz.ts runs 10,000 cases per endpoint. */
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 19);

test('fuzz (fast-check, seed-fixed slice): every partner and storefront endpoint — no 5xx, no code 13, no stack trace, nothing written on a refusal', async (t) => {
  const env = await buildTestApp(t);
  await seedStorefront(env);
  const endpoints = await fuzzEndpoints(env.app);
  // Every partner and storefront route the app serves is fuzzed (the document lists them all).
  const served = [...env.app.routeTable.entries()]
    .filter(([path]) => /^\/api\/v1\/(openapi|open_api|reviews)\//.test(path))
    .flatMap(([path, methods]) => [...methods].filter((m) => ['GET', 'POST', 'PUT', 'DELETE'].includes(m)).map((m) => `${m} ${path}`))
    .sort();
  assert.deepEqual(endpoints.map((e) => `${e.method} ${e.path}`).sort(), served);
  assert.ok(endpoints.length >= 40, `${endpoints.length} endpoints`);
  for (const endpoint of endpoints) {
    await t.test(`${endpoint.method} ${endpoint.path}`, () => fuzzEndpoint(env, endpoint, { numRuns: RUNS_PER_ENDPOINT, seed: SEED }));
  }
});
