// Where a request's server CPU goes: seeds a SQLite database, starts the built server (as `npm start`
// does) under V8's CPU profiler, sends one case with pre-signed requests, stops the server and prints
// self and inclusive CPU per request by function. Traffic goes to 127.0.0.1 only.
//   node --import tsx bench/profile-case.ts --case create_review [--reviews 100000] [--duration 8] [--connections 20]
// Cases: get_rating, get_reviews, create_review. The .cpuprofile is kept (path printed) for Chrome DevTools.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BENCH_SECRET_KEY } from './bench-databases.ts';
import { builtServerArguments, freePort, REPO_ROOT } from './processes.ts';
import { presignedGet, PresignedPostPool, type Credentials } from './presigned-requests.ts';
import { productIdAt } from './reviews-generator.ts';

const { values } = parseArgs({
  options: {
    case: { type: 'string', default: 'create_review' },
    reviews: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '20' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'plaudit-profile-'));
const databaseUrl = `sqlite://${join(dir, 'plaudit.db')}`;
const env = { ...process.env, PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent' };
const seeded = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/seed.ts'), '--reviews', values.reviews!, '--database-url', databaseUrl], { env, encoding: 'utf8' });
const printed = JSON.parse(
  seeded
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop()!,
) as { public_token: string; private_token: string };
const credentials: Credentials = { publicToken: printed.public_token, privateToken: printed.private_token };

execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const port = await freePort();
const profileDir = join(dir, 'profile');
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${profileDir}`, ...builtServerArguments()], {
  cwd: REPO_ROOT,
  env: { ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ROLE: 'api', API_RATE_PER_SECOND: '0', PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let ready = false; !ready; await new Promise((r) => setTimeout(r, 100)))
  ready = await fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );

const duration = Number(values.duration);
const posts = new PresignedPostPool(credentials, productIdAt, duration * 8_000);
const requests: Record<string, () => autocannon.Request[]> = {
  get_rating: () => [presignedGet(credentials, 'get_rating', { product_id: productIdAt(0) })],
  get_reviews: () => [presignedGet(credentials, 'get_reviews', { product_id: productIdAt(0), page: '1', limit: '20' })],
  create_review: () => [posts.request()],
};
const make = requests[values.case!];
if (!make) throw new Error(`unknown case ${values.case}`);
const result = await autocannon({ url, connections: Number(values.connections), duration, requests: make() });
if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx responses`);
child.kill('SIGTERM');
await new Promise((done) => child.once('exit', done));

const file = join(profileDir, readdirSync(profileDir)[0]!);
const count = result.requests.total;
console.log(`${values.case}: ${count} requests, ${Math.round(result.requests.average)} req/s; profile ${file}`);
printProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, count);

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive µs per request by function (a recursive function counted once per sample). */
function printProfile(profile: Profile, perRequests: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const label = (id: number) => {
    const { functionName, url: source, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${source.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '')}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    self.set(label(id), (self.get(label(id)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      if (seen.has(label(at))) continue;
      seen.add(label(at));
      inclusive.set(label(at), (inclusive.get(label(at)) ?? 0) + micros);
    }
  });
  const busy = [...self].filter(([name]) => !name.startsWith('(idle)')).reduce((sum, [, micros]) => sum + micros, 0);
  console.log(`busy CPU on the main thread: ${(busy / perRequests).toFixed(1)} µs per request`);
  const top = (map: Map<string, number>, k: number) =>
    [...map]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, micros]) => `${(micros / perRequests).toFixed(1).padStart(8)} µs  ${name}`)
      .join('\n');
  console.log('\nself\n' + top(self, 30) + '\n\ninclusive\n' + top(inclusive, 60));
}
