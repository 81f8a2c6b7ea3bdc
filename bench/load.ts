// npm run bench:load -- [--database-url postgres://…] [--reviews 1000000] [--small-reviews 10000]
//                       [--duration 10] [--connections 50]
// Seeds fresh databases, starts the real server (child process, LOG_LEVEL=warn) and a bare Fastify
// baseline on free 127.0.0.1 ports, drives both with autocannon using freshly signed requests,
// prints the results against the issue's targets, then stops everything and drops the databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { PlauditClient, queryPairs, signedHeaders } from '../src/client/index.ts';
import { BENCH_SECRET_KEY, seededDatabase, type BenchDatabase } from './bench-databases.ts';
import { builtServerArguments, startChild, type Child } from './processes.ts';
import { productIdAt } from './reviews-generator.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    reviews: { type: 'string', default: '1000000' },
    'small-reviews': { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const pgUrl = values['database-url'];
const duration = Number(values.duration);
const connections = Number(values.connections);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
// The best seller (≈1% of all reviews): page 1 is full at both database sizes, and its count is the largest.
const PRODUCT = productIdAt(0);
const API = '/api/v1/openapi';
const startLoad = loadavg().map((l) => l.toFixed(1)).join(' ');

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  failed: number;
}

type Credentials = { publicToken: string; privateToken: string };

/** An autocannon request whose signature (and, for POST, body) is made fresh for every send. */
function signedRequest(
  credentials: Credentials,
  method: 'GET' | 'POST',
  endpoint: string,
  query: Record<string, string>,
  makeBody?: () => string,
  pathOverride?: string,
) {
  const pairs = queryPairs(query);
  const search = new URLSearchParams(query).toString();
  const path = pathOverride ?? `${API}/${endpoint}${search ? `?${search}` : ''}`;
  return {
    method,
    path,
    setupRequest: (request: Record<string, unknown>) => {
      const body = makeBody?.();
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        ...request,
        method,
        path,
        headers: { ...signedHeaders(credentials, pairs, body, timestamp), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body }),
      };
    },
  };
}

async function measure(name: string, url: string, requests?: unknown[]): Promise<Measured> {
  const run = (seconds: number) =>
    autocannon({ url, connections, duration: seconds, ...(requests ? { requests: requests as never } : {}) });
  await run(2); // warm-up: JIT, page cache, connection pools
  const result = await run(duration);
  // A rejected request (HTTP 4xx/5xx: bad signature, validation) means the benchmark itself is wrong.
  if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses`);
  const measured = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
    // Connection errors and 10-second timeouts are results (an overloaded server), reported as such.
    failed: result.errors,
  };
  log(`${name}: ${measured.rps.toFixed(0)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms`);
  return measured;
}

const serverArguments = builtServerArguments();

function startServer(database: BenchDatabase): Promise<Child> {
  return startChild(
    serverArguments,
    {
      DATABASE_URL: database.url,
      PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY,
      LOG_LEVEL: 'warn',
      ROLE: 'api',
      // One credential sends every request: the per-credential rate limit would answer code 8.
      API_RATE_PER_SECOND: '0',
      // Auth failures become HTTP 401, so autocannon counts any rejected signature as a failure.
      HTTP_STATUS_MIRRORS_CODE: '1',
    },
    '/healthz',
  );
}

const credentialsOf = (database: BenchDatabase): Credentials => ({
  publicToken: database.credentials.public_token,
  privateToken: database.credentials.private_token,
});

/** autocannon drops its sockets at the deadline; let requests the server already took finish before it shuts down. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

let reviewNumber = 0;
const newReviewBody = () =>
  JSON.stringify({
    product_id: productIdAt(reviewNumber % 1000),
    rating: 1 + (reviewNumber % 5),
    author: `Load ${++reviewNumber}`,
    title: 'Bench review',
    content: 'Written by the load benchmark. Fits well, arrived quickly, would buy again.',
  });

async function main() {
  const cleanups: (() => Promise<void>)[] = [];
  const results: Measured[] = [];
  try {
    log(`seeding on ${pgUrl ? 'PostgreSQL' : 'SQLite'}…`);
    const small = await seededDatabase(pgUrl, Number(values['small-reviews']), log);
    cleanups.push(small.drop);
    const large = await seededDatabase(pgUrl, Number(values.reviews), log);
    cleanups.push(large.drop);

    const server = await startServer(large);
    cleanups.unshift(server.stop);
    const client = new PlauditClient({ ...credentialsOf(large), baseUrl: server.baseUrl });
    const rating = await client.getRating({ product_id: PRODUCT });
    const reviews = await client.getReviews({ product_ids: PRODUCT, page: 1, page_size: 20 });
    if (rating.code !== 0 || reviews.code !== 0 || reviews.data.list.length !== 20) throw new Error('the server did not answer the sample requests');

    const dir = mkdtempSync(join(tmpdir(), 'plaudit-baseline-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'payloads.json'), JSON.stringify({ rating, reviews }));
    const baseline = await startChild('bench/baseline-server.ts', { BASELINE_PAYLOADS: join(dir, 'payloads.json') }, '/healthz');
    cleanups.unshift(baseline.stop);

    const credentials = credentialsOf(large);
    // The baseline gets the same freshly signed requests (it ignores the headers), so the load generator works equally hard.
    const ratingQuery = { product_id: PRODUCT };
    const pageQuery = { product_ids: PRODUCT, page: '1', page_size: '20' };
    const baselineOf = (query: Record<string, string>, name: string) => [signedRequest(credentials, 'GET', 'get_x', query, undefined, `/payload/${name}`)];
    // Baselines run before and after their case and are averaged, so drifting machine load biases neither side.
    const bracketed = async (name: string, baselineName: string, serverRequests: unknown[], baselineRequests: unknown[]) => {
      const before = await measure(`${baselineName} (before)`, baseline.baseUrl, baselineRequests);
      const measured = await measure(name, server.baseUrl, serverRequests);
      const after = await measure(`${baselineName} (after)`, baseline.baseUrl, baselineRequests);
      results.push(before, after, { name: baselineName, rps: (before.rps + after.rps) / 2, p50: NaN, p99: NaN, bytes: before.bytes, failed: 0 }, measured);
    };
    await bracketed('get_rating', 'baseline (rating-sized JSON)', [signedRequest(credentials, 'GET', 'get_rating', ratingQuery)], baselineOf(ratingQuery, 'rating'));
    await bracketed('get_reviews', 'baseline (20-review page JSON)', [signedRequest(credentials, 'GET', 'get_reviews', pageQuery)], baselineOf(pageQuery, 'reviews'));
    results.push(await measure('create_review', server.baseUrl, [signedRequest(credentials, 'POST', 'create_review', {}, newReviewBody)]));
    await settle();
    await server.stop();
    await baseline.stop();

    const smallServer = await startServer(small);
    cleanups.unshift(smallServer.stop);
    results.push(await measure('get_reviews (small db)', smallServer.baseUrl, [signedRequest(credentialsOf(small), 'GET', 'get_reviews', pageQuery)]));
    await settle();
    await smallServer.stop();

    printTable(results, { large: Number(values.reviews), small: Number(values['small-reviews']), seedSeconds: large.seedSeconds });
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }
}

function printTable(results: Measured[], sizes: { large: number; small: number; seedSeconds: number }) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const ratio = (a: string, b: string) => byName[a]!.rps / byName[b]!.rps;
  const checks = [
    { target: 'get_rating ≥ 60% of baseline', value: `${(ratio('get_rating', 'baseline (rating-sized JSON)') * 100).toFixed(0)}%`, pass: ratio('get_rating', 'baseline (rating-sized JSON)') >= 0.6 },
    { target: 'get_reviews ≥ 35% of baseline', value: `${(ratio('get_reviews', 'baseline (20-review page JSON)') * 100).toFixed(0)}%`, pass: ratio('get_reviews', 'baseline (20-review page JSON)') >= 0.35 },
    { target: 'create_review ≥ 2,000 req/s', value: `${byName.create_review!.rps.toFixed(0)} req/s`, pass: byName.create_review!.rps >= 2000 },
    {
      target: `get_reviews p99 at ${sizes.large.toLocaleString('en')} ≤ 2× at ${sizes.small.toLocaleString('en')}`,
      value: `${byName.get_reviews!.p99} ms vs ${byName['get_reviews (small db)']!.p99} ms (${(byName.get_reviews!.p99 / byName['get_reviews (small db)']!.p99).toFixed(2)}×)`,
      pass: byName.get_reviews!.p99 <= 2 * byName['get_reviews (small db)']!.p99,
    },
  ];
  const lines = [
    '',
    `Plaudit load benchmark — load average ${startLoad} at start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end (${cpus().length} CPUs) — ${pgUrl ? 'PostgreSQL' : `SQLite (SQLITE_SYNCHRONOUS=${process.env.SQLITE_SYNCHRONOUS ?? 'FULL'})`}, ${sizes.large.toLocaleString('en')} reviews (seeded in ${sizes.seedSeconds.toFixed(1)} s), ${connections} connections, ${duration} s per case`,
    '',
    `| case | req/s | p50 ms | p99 ms | bytes/resp | errors+timeouts |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${Number.isNaN(r.p50) ? 'mean' : r.p50} | ${Number.isNaN(r.p99) ? '' : r.p99} | ${r.bytes} | ${r.failed} |`),
    '',
    `| target | measured | result |`,
    `|---|---|---|`,
    ...checks.map((c) => `| ${c.target} | ${c.value} | ${c.pass ? 'PASS' : 'MISS'} |`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await main();
