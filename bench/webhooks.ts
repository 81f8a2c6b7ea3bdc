// Webhook delivery benchmark (run by hand; stops by itself; traffic only to 127.0.0.1).
//
//   node --import tsx bench/webhooks.ts [--db sqlite|postgres] [--workers N | --in-process]
//                                       [--backlog 30000] [--seconds 2] [--rounds 3]
//
// A backlog of pending deliveries is queued (copies of a real review/created delivery); N worker
// processes (`ROLE=worker`, the server as `npm start` runs it) or, with --in-process, the worker inside the API
// process (ROLE=all, the SQLite deployment) deliver it to a receiver process that answers at once.
// Meanwhile reviews are created through the real app (signed, app.inject, 4 in flight). Windows
// alternate: workers paused (SIGSTOP / stop) = the baseline, workers running = loaded; the report
// gives the medians, the slowdown of review creation, and deliveries per second while creating
// and while draining the rest alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { PlauditClient } from '../src/client/index.ts';
import { injectTransport } from '../test/helpers.ts';
import { appWorker } from '../src/worker/tasks.ts';
import { builtServerArguments } from './processes.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    workers: { type: 'string', default: '1' },
    'in-process': { type: 'boolean', default: false },
    backlog: { type: 'string', default: '30000' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
  },
});
const WORKERS = Number(args.workers);
const BACKLOG = Number(args.backlog);
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const SECRET = 'bench-secret-key-0123456789abcdef-0123456789';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function spawnTs(file: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    DATA_DIR: dir,
    PLAUDIT_SECRET_KEY: SECRET,
    LOG_LEVEL: 'warn',
    API_RATE_PER_SECOND: '0',
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_ALLOW_HTTP: '1',
    DB_POOL_SIZE: '8',
  };
  // Settings worth comparing pass through from the environment.
  for (const key of ['SQLITE_SYNCHRONOUS', 'WEBHOOK_CONCURRENCY']) if (process.env[key]) env[key] = process.env[key]!;
  if (args.db === 'postgres') {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    });
    env.DATABASE_URL = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const config = loadConfig(env);
  const database = openDatabase(config);
  cleanups.unshift(() => database.close());
  await migrateToLatest(database.db);
  const services = createServices(config, database);
  const app = await buildApp(services);
  cleanups.unshift(() => app.close());
  const shop = await createShop({ db: database.db, clock: systemClock, secrets: new SecretBox(SECRET) }, { domain: 'bench.myshopify.com' });
  const client = new PlauditClient({ publicToken: shop.public_token, privateToken: shop.private_token, transport: injectTransport(app) });

  const receiver = spawnTs('bench/webhooks-receiver.ts', {});
  const port = await new Promise<number>((resolve) => receiver.stdout!.once('data', (c: Buffer) => resolve(Number(c.toString().trim()))));
  const hook = await client.call<{ id: string }>('POST', 'create_shop_webhook', { body: { topic: 'review/created', url: `http://127.0.0.1:${port}/hook` } });
  if (hook.code !== 0) throw new Error(hook.message);

  const createFor = async (seconds: number): Promise<number> => {
    const end = Date.now() + seconds * 1000;
    let created = 0;
    const lane = async () => {
      while (Date.now() < end) {
        const res = await client.createReview({ rating: 5, author: 'Bench', content: 'x'.repeat(200), product_id: '9200305176832' });
        if (res.code !== 0) throw new Error(res.message);
        created++;
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return created / seconds;
  };
  // The bench's own counting runs on connections of their own: on PostgreSQL a worker process would
  // otherwise take them for API traffic (src/worker/api-activity.ts) and slow down to make room.
  const monitor = args.db === 'postgres' ? openDatabase(config, { applicationName: 'plaudit-bench' }) : database;
  if (monitor !== database) cleanups.unshift(() => monitor.close());
  const succeeded = async () =>
    Number(
      (
        await monitor.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'succeeded')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const total = async () =>
    Number(
      (
        await monitor.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  await createFor(1); // warm-up

  // Queue the backlog: copies of a real delivery row.
  const template = await database.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
  const { id: _id, ...row } = template;
  for (let i = await total(); i < BACKLOG; i += 500) {
    const n = Math.min(500, BACKLOG - i);
    await monitor.db
      .insertInto('webhook_deliveries')
      .values(Array.from({ length: n }, () => ({ ...row, message_id: randomBytes(16).toString('hex'), status: 'pending' as const, attempts: 0 })))
      .execute();
  }
  const queued = await total();

  // Workers are paused (SIGSTOP / worker.stop) for the baseline windows and resumed for the loaded ones,
  // alternating, so that both see the same machine load.
  let pause: () => Promise<void>;
  let resume: () => Promise<void>;
  if (args['in-process']) {
    // ROLE=all: the worker shares the API's process (the SQLite deployment).
    const worker = appWorker(services);
    pause = () => worker.stop();
    resume = async () => worker.start();
    cleanups.unshift(() => worker.stop());
  } else {
    const serverArguments = builtServerArguments();
    const workers = Array.from({ length: WORKERS }, () => {
      const child = spawn(process.execPath, serverArguments, { env: { ...process.env, ...env, ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return child;
    });
    pause = async () => {
      workers.forEach((w) => w.kill('SIGSTOP'));
    };
    resume = async () => {
      workers.forEach((w) => w.kill('SIGCONT'));
    };
  }
  await resume();
  while ((await succeeded()) === 0) await sleep(20);

  const baselines: number[] = [];
  const loaded: number[] = [];
  const deliveryRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await pause();
    await sleep(200);
    baselines.push(await createFor(SECONDS));
    await resume();
    await sleep(200);
    const before = await succeeded();
    const started = Date.now();
    loaded.push(await createFor(SECONDS));
    deliveryRates.push(((await succeeded()) - before) / ((Date.now() - started) / 1000));
    if ((await succeeded()) >= (await total())) console.error(`round ${round}: the backlog ran out; raise --backlog`);
  }

  const drainStart = Date.now();
  const drainFrom = await succeeded();
  const deadline = drainStart + 120_000;
  let done = drainFrom;
  while ((done = await succeeded()) < (await total()) && Date.now() < deadline) await sleep(50);
  const drainRate = (done - drainFrom) / ((Date.now() - drainStart) / 1000);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const baseline = median(baselines);
  const during = median(loaded);
  console.log(
    JSON.stringify(
      {
        db: args.db,
        workers: args['in-process'] ? 'in-process (ROLE=all)' : WORKERS,
        backlog: queued,
        sqlite_synchronous: config.sqliteSynchronous,
        concurrency: config.webhooks.concurrency,
        rounds: ROUNDS,
        seconds_per_window: SECONDS,
        create_reviews_per_s: {
          baseline_workers_paused: Math.round(baseline),
          while_delivering: Math.round(during),
          slowdown_percent: Math.round((1 - during / baseline) * 1000) / 10,
          rounds: baselines.map((b, i) => [Math.round(b), Math.round(loaded[i]!)]),
        },
        deliveries_per_s: { while_creating: Math.round(median(deliveryRates)), drain_without_creating: Math.round(drainRate) },
        delivered: done,
        total: await total(),
      },
      null,
      2,
    ),
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) c.kill('SIGTERM');
    await sleep(300);
    for (const cleanup of cleanups) await cleanup();
  });
