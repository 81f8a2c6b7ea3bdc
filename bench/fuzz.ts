// The long fuzz run (issue 19): FUZZ_RUNS generated cases (default 10,000) per partner and storefront
// endpoint, against a fresh SQLite database, or PostgreSQL with TEST_DATABASE_URL. Run by hand:
//   npm run bench:fuzz                      (FUZZ_RUNS=10000 FUZZ_SEED=<n> FUZZ_ONLY=<path fragment>)
// Prints one line per endpoint and exits 1 with the counterexample when a property fails.
import type { TestContext } from 'node:test';
import { buildTestApp } from '../test/helpers.ts';
import { seedStorefront } from '../test/storefront-fixtures.ts';
import { fuzzEndpoint, fuzzEndpoints } from '../test/fuzz/fuzz-kit.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const only = process.env.FUZZ_ONLY ?? '';

const cleanups: (() => unknown)[] = [];
const context = { after: (fn: () => unknown) => void cleanups.push(fn) } as unknown as TestContext;

async function main(): Promise<number> {
  const env = await buildTestApp(context);
  await seedStorefront(env);
  const endpoints = (await fuzzEndpoints(env.app)).filter((e) => e.path.includes(only));
  console.log(`fuzzing ${endpoints.length} endpoints, ${runs} cases each, seed ${seed}`);
  let failures = 0;
  const started = Date.now();
  for (const endpoint of endpoints) {
    const t0 = Date.now();
    try {
      await fuzzEndpoint(env, endpoint, { numRuns: runs, seed });
      console.log(`ok    ${endpoint.method.padEnd(6)} ${endpoint.path}  ${runs} cases  ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures++;
      console.log(`FAIL  ${endpoint.method.padEnd(6)} ${endpoint.path}\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${endpoints.length - failures}/${endpoints.length} endpoints passed, ${endpoints.length * runs} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failures === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    for (const fn of cleanups.reverse()) await fn();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
