// npm run bench:load -- [--database-url postgres://…] [--reviews 1000000] [--small-reviews 10000]
//                       [--duration 10] [--connections 50] [--workers 0] [--pgbench-scale 16] [--processes 1]
// Seeds fresh databases, starts the real server (child process, LOG_LEVEL=warn), a bare Fastify
// route and a bare node:http route serving the same bytes, drives each with autocannon using
// pre-signed requests, prints rates, ratios and server CPU per request against the issue's
// targets (and pgbench's rates on PostgreSQL), then stops everything and drops the databases.
// --processes 2 runs the server as two processes behind Node's cluster module (bench/cluster-server.ts),
// the scale-out setup on PostgreSQL; server CPU is then that of all of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { PlauditClient } from '../src/client/index.ts';
import { BENCH_SECRET_KEY, seededDatabase, type BenchDatabase } from './bench-databases.ts';
import { findPgbench, measurePgbench, type PgbenchRates } from './pgbench.ts';
import { postgresCpuBetween, postgresCpuSeconds, processTreeCpuSeconds } from './process-cpu.ts';
import { builtServerArguments, REPO_ROOT, startChild, type Child } from './processes.ts';
import { presignedGet, PresignedPostPool, type Credentials } from './presigned-requests.ts';
import { productIdAt } from './reviews-generator.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    reviews: { type: 'string', default: '1000000' },
    'small-reviews': { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '0' },
    'pgbench-scale': { type: 'string', default: '16' },
    processes: { type: 'string', default: '1' },
  },
});
const pgUrl = values['database-url'];
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const apiProcesses = Number(values.processes);
const WARM_UP_SECONDS = 2;
/** create_review bodies signed ahead per second of run: well above the target; the pool refills (counted) if a run outpaces it. */
const POSTS_PER_SECOND_PRESIGNED = 8_000;
// A signature is accepted for 15 minutes; every autocannon run gets requests signed just before it.
if (duration + WARM_UP_SECONDS > 14 * 60) throw new Error('--duration must stay under 14 minutes: pre-signed requests expire after 15');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
// The best seller (≈1% of all reviews): page 1 is full at both database sizes, and its count is the largest.
const PRODUCT = productIdAt(0);
const startLoad = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const replayProtection = process.env.HMAC_REPLAY_PROTECTION ?? 'writes (default)';

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  failed: number;
  /** Server process CPU (user + system) per completed request, µs; NaN for derived rows. */
  cpuPerRequestUs: number;
  /** Server process CPU over the run, in cores (1.0 = one core busy throughout). */
  cpuCores: number;
  /** PostgreSQL's CPU (all its processes) per completed request, µs, and over the run in cores; NaN on SQLite. */
  pgCpuPerRequestUs: number;
  pgCores: number;
  /** The bare Fastify rate this case is compared with, when there is one. */
  fastifyRps?: number;
}

/** Autocannon requests for one run; built again before every run so signatures are fresh. */
type RequestsFactory = () => autocannon.Request[];

async function measure(name: string, server: Child, makeRequests: RequestsFactory, options: { inProcess?: boolean } = {}): Promise<Measured> {
  const useWorkers = workers > 0 && !options.inProcess;
  const run = (seconds: number) => autocannon({ url: server.baseUrl, connections, duration: seconds, requests: makeRequests(), ...(useWorkers ? { workers } : {}) } as autocannon.Options);
  await run(WARM_UP_SECONDS); // warm-up: JIT, page cache, connection pools
  const cpuBefore = processTreeCpuSeconds(server.pid);
  const pgBefore = pgUrl ? postgresCpuSeconds() : null;
  const wallBefore = performance.now();
  const result = await run(duration);
  const cpuSeconds = processTreeCpuSeconds(server.pid) - cpuBefore;
  const pgSeconds = pgBefore ? postgresCpuBetween(pgBefore, postgresCpuSeconds()) : NaN;
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  // A rejected request (HTTP 4xx/5xx: bad signature, replay, validation) means the benchmark itself is wrong.
  if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses`);
  const measured: Measured = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
    // Connection errors and 10-second timeouts are results (an overloaded server), reported as such.
    failed: result.errors,
    cpuPerRequestUs: (cpuSeconds * 1e6) / Math.max(1, result.requests.total),
    cpuCores: cpuSeconds / wallSeconds,
    pgCpuPerRequestUs: (pgSeconds * 1e6) / Math.max(1, result.requests.total),
    pgCores: pgSeconds / wallSeconds,
  };
  const pgCpu = pgUrl ? `, ${measured.pgCpuPerRequestUs.toFixed(0)} µs PostgreSQL CPU/req` : '';
  log(`${name}: ${measured.rps.toFixed(0)} req/s, ${measured.cpuPerRequestUs.toFixed(0)} µs server CPU/req${pgCpu}, p50 ${measured.p50} ms, p99 ${measured.p99} ms`);
  return measured;
}

const serverArguments = builtServerArguments();

function startServer(database: BenchDatabase): Promise<Child> {
  return startChild(
    apiProcesses === 1 ? serverArguments : ['--import', 'tsx', join(REPO_ROOT, 'bench/cluster-server.ts'), ...serverArguments],
    {
      API_PROCESSES: String(apiProcesses),
      DATABASE_URL: database.url,
      PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY,
      LOG_LEVEL: 'warn',
      ROLE: 'api',
      // One credential sends every request: the per-credential rate limit would answer code 8.
      API_RATE_PER_SECOND: '0',
      // Auth failures become HTTP 401, so autocannon counts any rejected signature (or replay) as a failure.
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

async function main() {
  const cleanups: (() => Promise<void>)[] = [];
  const results: Measured[] = [];
  let pgbenchRates: PgbenchRates | null = null;
  let pgbenchNote = '';
  try {
    log(`seeding on ${pgUrl ? 'PostgreSQL' : 'SQLite'}…`);
    const small = await seededDatabase(pgUrl, Number(values['small-reviews']), log);
    cleanups.push(small.drop);
    const large = await seededDatabase(pgUrl, Number(values.reviews), log);
    cleanups.push(large.drop);

    const server = await startServer(large);
    cleanups.unshift(server.stop);
    const credentials = credentialsOf(large);
    const client = new PlauditClient({ ...credentials, baseUrl: server.baseUrl });
    const rating = await client.getRating({ product_id: PRODUCT });
    const reviews = await client.getReviews({ product_ids: PRODUCT, page: 1, page_size: 20 });
    if (rating.code !== 0 || reviews.code !== 0 || reviews.data.list.length !== 20) throw new Error('the server did not answer the sample requests');

    const dir = mkdtempSync(join(tmpdir(), 'plaudit-baseline-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'payloads.json'), JSON.stringify({ rating, reviews }));
    const payloadsEnv = { BASELINE_PAYLOADS: join(dir, 'payloads.json') };
    const fastify = await startChild('bench/baseline-server.ts', payloadsEnv, '/healthz');
    cleanups.unshift(fastify.stop);
    const bareHttp = await startChild('bench/baseline-http-server.ts', payloadsEnv, '/healthz');
    cleanups.unshift(bareHttp.stop);

    // The baselines get the same pre-signed headers (they ignore them), so the generator sends the same bytes.
    const ratingQuery = { product_id: PRODUCT };
    const pageQuery = { product_ids: PRODUCT, page: '1', page_size: '20' };
    const readCase = async (endpoint: 'get_rating' | 'get_reviews', payload: string, query: Record<string, string>) => {
      const plaudit = () => [presignedGet(credentials, endpoint, query)];
      const baseline = () => [presignedGet(credentials, endpoint, query, `/payload/${payload}`)];
      const bare = await measure(`${endpoint} — bare node:http`, bareHttp, baseline);
      // Bare Fastify runs before and after the case and the two are averaged, so drifting machine load biases neither side.
      const before = await measure(`${endpoint} — bare Fastify (before)`, fastify, baseline);
      const measured = await measure(`${endpoint} — Plaudit`, server, plaudit);
      const after = await measure(`${endpoint} — bare Fastify (after)`, fastify, baseline);
      const fastifyRps = (before.rps + after.rps) / 2;
      for (const row of [bare, before, measured, after]) row.fastifyRps = fastifyRps;
      results.push(bare, before, measured, after);
    };
    await readCase('get_rating', 'rating', ratingQuery);
    await readCase('get_reviews', 'reviews', pageQuery);

    // Every review has its own body, so its own signature: the default replay guard stays on.
    const posts = new PresignedPostPool(credentials, productIdAt, (duration + WARM_UP_SECONDS) * POSTS_PER_SECOND_PRESIGNED);
    results.push(await measure('create_review — Plaudit', server, () => [posts.request()], { inProcess: true }));
    if (posts.refills > 0) log(`create_review: the pre-signed pool ran out ${posts.refills} time(s) and was refilled in the generator`);
    await settle();
    await server.stop();
    await fastify.stop();
    await bareHttp.stop();

    const smallServer = await startServer(small);
    cleanups.unshift(smallServer.stop);
    results.push(await measure('get_reviews (small db) — Plaudit', smallServer, () => [presignedGet(credentialsOf(small), 'get_reviews', pageQuery)]));
    await settle();
    await smallServer.stop();

    if (pgUrl) {
      const pgbench = findPgbench();
      if (pgbench) pgbenchRates = await measurePgbench(pgbench, pgUrl, { seconds: duration, clients: 16, scale: Number(values['pgbench-scale']), log });
      else pgbenchNote = 'pgbench is not installed: no PostgreSQL reference rates in this run.';
    }

    printTable(results, pgbenchRates, pgbenchNote, { large: Number(values.reviews), small: Number(values['small-reviews']), seedSeconds: large.seedSeconds });
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }
}

function printTable(results: Measured[], pgbench: PgbenchRates | null, pgbenchNote: string, sizes: { large: number; small: number; seedSeconds: number }) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const ratioOf = (name: string) => byName[name]!.rps / byName[name]!.fastifyRps!;
  const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
  const create = byName['create_review — Plaudit']!;
  const large = byName['get_reviews — Plaudit']!;
  const small = byName['get_reviews (small db) — Plaudit']!;
  // Issue 18's targets: SQLite against bare Fastify and a fixed write rate; PostgreSQL (the scale-out path) against bare
  // Fastify and the TPC-B-like pgbench rate of the same run.
  const readTargets = pgUrl ? { rating: 0.4, reviews: 0.3 } : { rating: 0.6, reviews: 0.35 };
  const createCheck =
    pgUrl && pgbench
      ? { target: 'create_review ≥ 50% of pgbench TPC-B-like', value: percent(create.rps / pgbench.tpcbTps), pass: create.rps >= 0.5 * pgbench.tpcbTps }
      : pgUrl
        ? { target: 'create_review ≥ 50% of pgbench TPC-B-like', value: `${create.rps.toFixed(0)} req/s (no pgbench in this run)`, pass: false }
        : { target: 'create_review ≥ 2,000 req/s', value: `${create.rps.toFixed(0)} req/s`, pass: create.rps >= 2000 };
  const checks = [
    { target: `get_rating ≥ ${percent(readTargets.rating)} of bare Fastify`, value: percent(ratioOf('get_rating — Plaudit')), pass: ratioOf('get_rating — Plaudit') >= readTargets.rating },
    { target: `get_reviews (20) ≥ ${percent(readTargets.reviews)} of bare Fastify`, value: percent(ratioOf('get_reviews — Plaudit')), pass: ratioOf('get_reviews — Plaudit') >= readTargets.reviews },
    createCheck,
    {
      target: `get_reviews p99 at ${sizes.large.toLocaleString('en')} ≤ 2× at ${sizes.small.toLocaleString('en')}`,
      value: `${large.p99} ms vs ${small.p99} ms (${(large.p99 / small.p99).toFixed(2)}×)`,
      pass: large.p99 <= 2 * small.p99,
    },
  ];
  const database = pgUrl ? 'PostgreSQL' : `SQLite (SQLITE_SYNCHRONOUS=${process.env.SQLITE_SYNCHRONOUS ?? 'FULL'})`;
  // PostgreSQL's share: its CPU against the server's and its own together (the generator's is not counted).
  const pgColumns = pgUrl
    ? {
        head: ' PostgreSQL CPU µs/req | PostgreSQL CPU cores | PostgreSQL share |',
        rule: '---:|---:|---:|',
        cells: (r: Measured) => ` ${r.pgCpuPerRequestUs.toFixed(0)} | ${r.pgCores.toFixed(2)} | ${percent(r.pgCores / (r.pgCores + r.cpuCores))} |`,
      }
    : { head: '', rule: '', cells: () => '' };
  const generator = workers > 0 ? `autocannon with ${workers} worker threads for reads (create_review in one thread)` : 'one autocannon instance';
  const lines = [
    '',
    `Plaudit load benchmark — load average ${startLoad} at start, ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at end (${cpus().length} CPUs)`,
    `${database}, ${apiProcesses === 1 ? 'one server process' : `${apiProcesses} server processes behind Node's cluster module`}, ${sizes.large.toLocaleString('en')} reviews (seeded in ${sizes.seedSeconds.toFixed(1)} s), ${connections} connections, ${generator}, ${duration} s per case after ${WARM_UP_SECONDS} s warm-up, pre-signed requests, HMAC_REPLAY_PROTECTION=${replayProtection}`,
    '',
    `| case | req/s | × bare Fastify | server CPU µs/req | server CPU cores |${pgColumns.head} p50 ms | p99 ms | bytes/resp | errors+timeouts |`,
    `|---|---:|---:|---:|---:|${pgColumns.rule}---:|---:|---:|---:|`,
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.fastifyRps ? (r.rps / r.fastifyRps).toFixed(2) : '—'} | ${r.cpuPerRequestUs.toFixed(0)} | ${r.cpuCores.toFixed(2)} |${pgColumns.cells(r)} ${r.p50} | ${r.p99} | ${r.bytes} | ${r.failed} |`,
    ),
    '',
  ];
  if (pgbench) {
    lines.push(
      `PostgreSQL on this machine in the same run (pgbench, scale ${pgbench.scale}, ${pgbench.clients} clients, ${duration} s each):`,
      '',
      `| workload | tps |`,
      `|---|---:|`,
      `| pgbench -S (point reads) | ${pgbench.selectOnlyTps.toFixed(0)} |`,
      `| pgbench TPC-B-like | ${pgbench.tpcbTps.toFixed(0)} |`,
      `| create_review ÷ TPC-B-like | ${(create.rps / pgbench.tpcbTps).toFixed(2)} |`,
      '',
    );
  } else if (pgbenchNote) lines.push(pgbenchNote, '');
  lines.push(`| target | measured | result |`, `|---|---|---|`, ...checks.map((c) => `| ${c.target} | ${c.value} | ${c.pass ? 'PASS' : 'FAIL'} |`), '');
  process.stdout.write(lines.join('\n'));
}

await main();
