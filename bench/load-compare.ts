// node --import tsx bench/load-compare.ts --before <tree> [--reviews 100000] [--duration 8] [--rounds 3] [--connections 50] [--cases create_review,…]
// Load figures of an older checkout ("before", its own node_modules) against this tree ("after"),
// same benchmark, same run: each tree seeds its own SQLite database of the same size with its own
// seeding code (the schemas differ), each server runs as its own `npm start` runs it, and
// autocannon drives BEFORE and AFTER alternately for several rounds with pre-signed requests. The
// table shows the median req/s of the rounds, the after/before ratio and server CPU per request;
// a bare node:http route in the same rounds shows the load generator's ceiling.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BENCH_SECRET_KEY } from './bench-databases.ts';
import { processCpuSeconds } from './process-cpu.ts';
import { builtServerArguments, freePort, REPO_ROOT, startChild, type Child } from './processes.ts';
import { presignedGet, PresignedPostPool, type Credentials } from './presigned-requests.ts';
import { productIdAt } from './reviews-generator.ts';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    reviews: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    /** Comma-separated case names, or their first words (get_rating, get_reviews, create_review); all by default. */
    cases: { type: 'string' },
  },
});
if (!values.before) {
  process.stderr.write(
    'usage: node --import tsx bench/load-compare.ts --before <checkout> [--reviews N] [--duration S] [--rounds R] [--connections C] [--cases get_rating,get_reviews,create_review]\n',
  );
  process.exit(2);
}
const BEFORE_TREE = resolve(values.before);
const reviewCount = Number(values.reviews);
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const WARM_UP_SECONDS = 2;
const POSTS_PER_SECOND_PRESIGNED = 8_000;
const PRODUCT = productIdAt(0); // the best seller (≈1% of the reviews)
const log = (line: string) => process.stderr.write(`[compare] ${line}\n`);
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

type Side = 'before' | 'after';
interface Target {
  side: Side;
  tree: string;
  server: Child;
  credentials: Credentials;
}
interface Run {
  rps: number;
  cpuPerRequestUs: number;
  errors: number;
}

/** Seeds a fresh SQLite file with the tree's own seeding code; returns the shop credentials it prints. */
function seed(side: Side, tree: string, databaseUrl: string): Credentials {
  const seedArgs = ['--reviews', String(reviewCount), '--database-url', databaseUrl];
  const env = { ...process.env, PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent' };
  const started = performance.now();
  const output =
    side === 'after'
      ? execFileSync('npm', ['run', '--silent', 'bench:seed', '--', ...seedArgs], { cwd: tree, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      : execFileSync(process.execPath, ['--import', 'tsx', join(tree, 'bench/seed.ts'), ...seedArgs], { cwd: tree, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = output
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  const printed = JSON.parse(line ?? '{}') as { public_token?: string; private_token?: string; reviews_inserted?: number };
  if (!printed.public_token || !printed.private_token) throw new Error(`${side}: the seed printed no credentials`);
  log(`${side}: seeded ${printed.reviews_inserted} reviews in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { publicToken: printed.public_token, privateToken: printed.private_token };
}

/** The node arguments of the older tree's `npm start`, after running its `prestart` (the build). */
function beforeServerArguments(tree: string): string[] {
  execFileSync('npm', ['run', 'prestart', '--silent'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  const scripts = (JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [, ...args] = scripts.start!.split(' ');
  return args.map((arg) => (arg.endsWith('.js') ? join(tree, arg) : arg));
}

const serverEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY,
  LOG_LEVEL: 'warn',
  ROLE: 'api',
  API_RATE_PER_SECOND: '0',
  HTTP_STATUS_MIRRORS_CODE: '1',
});

/** Starts built server arguments with `tree` as the working directory; ready when /healthz answers 200. */
async function startServerIn(tree: string, args: string[], env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: tree, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(forced);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null) throw new Error(`the server in ${tree} exited with code ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return { baseUrl, pid: child.pid!, stop };
  }
  await stop();
  throw new Error(`the server in ${tree} was not ready within 30 s`);
}

/** 2 s warm-up, then `duration` s measured, with the serving process's CPU time read around the measured run. */
async function measure(label: string, server: Child, makeRequests: () => autocannon.Request[]): Promise<Run> {
  const run = (seconds: number) => autocannon({ url: server.baseUrl, connections, duration: seconds, requests: makeRequests() });
  await run(WARM_UP_SECONDS);
  const cpuBefore = processCpuSeconds(server.pid);
  const result = await run(duration);
  const cpuSeconds = processCpuSeconds(server.pid) - cpuBefore;
  if (result.non2xx > 0) throw new Error(`${label}: ${result.non2xx} non-2xx responses`);
  const measured = { rps: result.requests.average, cpuPerRequestUs: (cpuSeconds * 1e6) / Math.max(1, result.requests.total), errors: result.errors };
  log(`${label}: ${measured.rps.toFixed(0)} req/s, ${measured.cpuPerRequestUs.toFixed(0)} µs server CPU/req`);
  return measured;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface CaseResult {
  name: string;
  runs: Record<Side, Run[]>;
  bare: Run[];
}

async function main() {
  const startLoad = loadAverage();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const dir = mkdtempSync(join(tmpdir(), 'plaudit-compare-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const urls: Record<Side, string> = { before: `sqlite:${join(dir, 'before.db')}`, after: `sqlite:${join(dir, 'after.db')}` };
    const credentials: Record<Side, Credentials> = { before: seed('before', BEFORE_TREE, urls.before), after: seed('after', REPO_ROOT, urls.after) };

    log('building both servers as their `npm start` does…');
    const args: Record<Side, string[]> = { before: beforeServerArguments(BEFORE_TREE), after: builtServerArguments() };
    const targets = {} as Record<Side, Target>;
    for (const side of ['before', 'after'] as const) {
      const tree = side === 'before' ? BEFORE_TREE : REPO_ROOT;
      const server = await startServerIn(tree, args[side], serverEnv(urls[side]));
      cleanups.unshift(server.stop);
      targets[side] = { side, tree, server, credentials: credentials[side] };
    }

    // The bare route serves a real response of the after server, so the generator handles the same sizes.
    const ratingQuery = { product_id: PRODUCT };
    const pageQuery = { product_ids: PRODUCT, page: '1', page_size: '20' };
    const sample = async (endpoint: string, query: Record<string, string>) => {
      const request = presignedGet(credentials.after, endpoint, query);
      const response = await fetch(targets.after.server.baseUrl + request.path, { headers: request.headers as Record<string, string> });
      return (await response.json()) as unknown;
    };
    writeFileSync(join(dir, 'payloads.json'), JSON.stringify({ rating: await sample('get_rating', ratingQuery), reviews: await sample('get_reviews', pageQuery) }));
    const bareHttp = await startChild('bench/baseline-http-server.ts', { BASELINE_PAYLOADS: join(dir, 'payloads.json') }, '/healthz');
    cleanups.unshift(bareHttp.stop);

    const postPools: Record<Side, PresignedPostPool> = {
      before: new PresignedPostPool(credentials.before, productIdAt, (duration + WARM_UP_SECONDS) * POSTS_PER_SECOND_PRESIGNED),
      after: new PresignedPostPool(credentials.after, productIdAt, (duration + WARM_UP_SECONDS) * POSTS_PER_SECOND_PRESIGNED),
    };
    const cases: { name: string; requests: (target: Target) => autocannon.Request[]; bare?: () => autocannon.Request[] }[] = [
      {
        name: 'get_rating (best seller)',
        requests: (t) => [presignedGet(t.credentials, 'get_rating', ratingQuery)],
        bare: () => [presignedGet(credentials.after, 'get_rating', ratingQuery, '/payload/rating')],
      },
      {
        name: 'get_reviews (best seller, page 1, 20)',
        requests: (t) => [presignedGet(t.credentials, 'get_reviews', pageQuery)],
        bare: () => [presignedGet(credentials.after, 'get_reviews', pageQuery, '/payload/reviews')],
      },
      { name: 'create_review', requests: (t) => [postPools[t.side].request()] },
    ];

    const chosen = values.cases?.split(',').map((name) => name.trim());
    const results: CaseResult[] = [];
    for (const testCase of cases.filter((c) => !chosen || chosen.includes(c.name.split(' ')[0]!))) {
      const result: CaseResult = { name: testCase.name, runs: { before: [], after: [] }, bare: [] };
      for (let round = 1; round <= rounds; round++) {
        // Alternate, and swap who goes first every round (B A, A B, B A…), so drift in machine load favours neither.
        const order: Side[] = round % 2 ? ['before', 'after'] : ['after', 'before'];
        for (const side of order) result.runs[side].push(await measure(`${testCase.name} — ${side} (round ${round})`, targets[side].server, () => testCase.requests(targets[side])));
        if (testCase.bare) result.bare.push(await measure(`${testCase.name} — bare node:http (round ${round})`, bareHttp, testCase.bare));
      }
      results.push(result);
    }
    for (const side of ['before', 'after'] as const) if (postPools[side].refills > 0) log(`create_review ${side}: the pre-signed pool was refilled ${postPools[side].refills} time(s) during runs`);
    await new Promise((r) => setTimeout(r, 2000)); // let requests the servers already took finish
    printTable(results, startLoad);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }
}

function printTable(results: CaseResult[], startLoad: string) {
  const replay = process.env.HMAC_REPLAY_PROTECTION;
  const lines = [
    '',
    `Plaudit load, before (${BEFORE_TREE}) vs after (${REPO_ROOT}) — load average ${startLoad} at start, ${loadAverage()} at end (${cpus().length} CPUs)`,
    `SQLite (SQLITE_SYNCHRONOUS=${process.env.SQLITE_SYNCHRONOUS ?? 'FULL'}), ${reviewCount.toLocaleString('en')} reviews each, ${connections} connections, one autocannon instance, ` +
      `${rounds} alternating rounds of ${WARM_UP_SECONDS} s warm-up + ${duration} s, pre-signed requests, ` +
      `HMAC_REPLAY_PROTECTION=${replay ?? 'unset (each tree’s default)'}`,
    '',
    '| case | before req/s | after req/s | after/before | before CPU µs/req | after CPU µs/req | bare node:http req/s | errors+timeouts (B/A) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const rps = (side: Side) => median(r.runs[side].map((run) => run.rps));
      const cpu = (side: Side) => median(r.runs[side].map((run) => run.cpuPerRequestUs));
      const errors = (side: Side) => r.runs[side].reduce((sum, run) => sum + run.errors, 0);
      const bare = r.bare.length ? median(r.bare.map((run) => run.rps)).toFixed(0) : '—';
      return `| ${r.name} | ${rps('before').toFixed(0)} | ${rps('after').toFixed(0)} | ${(rps('after') / rps('before')).toFixed(2)} | ${cpu('before').toFixed(0)} | ${cpu('after').toFixed(0)} | ${bare} | ${errors('before')}/${errors('after')} |`;
    }),
    '',
    'Per round (req/s, before / after): ' + results.map((r) => `${r.name}: ${r.runs.before.map((b, i) => `${b.rps.toFixed(0)}/${r.runs.after[i]!.rps.toFixed(0)}`).join(', ')}`).join('; '),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await main();
