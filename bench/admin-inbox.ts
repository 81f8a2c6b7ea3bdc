// Admin API inbox benchmark: first page with each filter and a full-text search under concurrent users
// (p95 server time), then a bulk action on BENCH_BULK reviews through the worker's batches, checked
// against a ratings recount. Run by hand:
//   BENCH_REVIEWS=1000000 BENCH_BULK=10000 BENCH_CONNECTIONS=10 BENCH_SECONDS=10 npm run bench:admin-inbox
//   (BENCH_DATABASE_URL=postgres://… for PostgreSQL; default a fresh SQLite file; BENCH_CASES=text: only the
//   cases whose name holds that text). Traffic goes to 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/app-config.ts';
import { createServices } from '../src/services.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createMerchant } from '../src/merchants/merchants.service.ts';
import { addMembership } from '../src/admin/memberships.queries.ts';
import { createSession } from '../src/admin/sessions.service.ts';
import { insertQueuedJob, runJobBatch } from '../src/admin/jobs.service.ts';
import { seedShop } from './seed-shop.ts';
import { productIdAt } from './reviews-generator.ts';

const reviews = Number(process.env.BENCH_REVIEWS ?? 1_000_000);
const bulk = Number(process.env.BENCH_BULK ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-admin-'));
const pgUrl = process.env.BENCH_DATABASE_URL;
const schema = `bench_admin_${process.pid}`;
if (pgUrl) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
}
const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir, PLAUDIT_SECRET_KEY: 'bench-secret-key-0123456789abcdef0123', API_RATE_PER_SECOND: '0', ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) });
const database = openDatabase(config, pgUrl ? { searchPath: schema } : {});
await migrateToLatest(database.db);
const secrets = new SecretBox(config.secretKey);

let started = performance.now();
const seeded = await seedShop(
  database,
  { clock: systemClock, secrets },
  {
    reviews,
    domain: 'bench-admin.example.com',
    onProgress: (n) => process.stderr.write(`\rseeded ${n.toLocaleString('en')} reviews`),
  },
);
process.stderr.write(`\nseed: ${((performance.now() - started) / 1000).toFixed(1)} s (${database.dialect})\n`);
if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);

const app = await buildApp(createServices(config, database));
const serverTimes: number[] = [];
app.addHook('onResponse', async (_request, reply) => void serverTimes.push(reply.elapsedTime));
const merchant = await createMerchant({ db: database.db, clock: systemClock }, { shopDomain: 'bench-admin.example.com', email: 'bench@example.com', password: 'bench password 123' });
await addMembership(database.db, Number(merchant.merchant_id), seeded.shopId, 'owner', Date.now());
const session = await createSession({ db: database.db, clock: systemClock }, Number(merchant.merchant_id), { ip: '127.0.0.1', userAgent: 'bench' });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/admin/api/v1/shops/${seeded.shopId}`;
const headers = { cookie: `plaudit_admin=${session.token}` };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const cases: Record<string, string> = {
  'no filter': '',
  'status=pending': '?status=pending',
  'status=published': '?status=published',
  'rating=1': '?rating=1',
  'media=photo': '?media=photo',
  [`product_id (one product)`]: `?product_id=${productIdAt(7)}`,
  'source=Email request': '?source=Email%20request',
  'verified=true': '?verified=true',
  'date range (one month)': '?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z',
  'sort=rating_asc': '?sort=rating_asc',
  'full text q=stitching': '?q=stitching',
  'full text q=soft fabric': '?q=soft%20fabric',
  'full text, partial last word q=stitc': '?q=stitc',
  'full text + status=published': '?q=stitching&status=published',
};
// BENCH_CASES=text runs only the cases whose name contains "text".
const only = process.env.BENCH_CASES;

console.log(`\nInbox first page, ${reviews.toLocaleString('en')} reviews, ${connections} concurrent users, ${seconds} s each (${database.dialect})`);
console.log('| case | requests/s | p95 server ms | p99 server ms | total matches |');
console.log('|---|---|---|---|---|');
for (const [name, query] of Object.entries(cases)) {
  if (only && !name.includes(only)) continue;
  const first = await fetch(base + '/reviews' + query, { headers });
  if (first.status !== 200) throw new Error(`${name}: HTTP ${first.status} ${await first.text()}`);
  const { total, total_is_exact: exact } = (await first.json()) as { total: number; total_is_exact: boolean };
  serverTimes.length = 0;
  const result = await autocannon({ url: base + '/reviews' + query, headers, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  console.log(
    `| ${name} | ${Math.round(result.requests.average)} | ${percentile(serverTimes, 95).toFixed(1)} | ${percentile(serverTimes, 99).toFixed(1)} | ${total.toLocaleString('en')}${exact ? '' : '+'} |`,
  );
}
await app.close();

// Bulk: hide BENCH_BULK published reviews through the worker's batches.
const db = database.db;
const now = Date.now();
const jobId = await insertQueuedJob(db, {
  shopId: seeded.shopId,
  actor: { merchantId: Number(merchant.merchant_id), email: 'bench@example.com' },
  action: 'hide',
  argument: { reason: 'other' },
  now,
});
await db
  .insertInto('review_job_items')
  .columns(['job_id', 'review_id'])
  .expression(
    db
      .selectFrom('reviews')
      .select([sql.lit(jobId).as('job_id'), 'id'])
      .where('shop_id', '=', seeded.shopId)
      .where('is_published', '=', 1)
      .orderBy('id')
      .limit(bulk),
  )
  .execute();
const deps = { db, dialect: database.dialect, clock: systemClock, events: app.events };
started = performance.now();
for (;;) {
  await runJobBatch(deps, Date.now());
  const row = await db.selectFrom('review_jobs').select(['status', 'processed']).where('id', '=', jobId).executeTakeFirstOrThrow();
  if (row.status === 'done') {
    console.log(`\nBulk hide of ${Number(row.processed).toLocaleString('en')} reviews: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    break;
  }
}

// Ratings equal a recount after the bulk job.
const recount = await db
  .selectFrom('reviews')
  .select(['rating'])
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('shop_id', '=', seeded.shopId)
  .where('is_published', '=', 1)
  .groupBy('rating')
  .execute();
const summary = await db.selectFrom('rating_totals').selectAll().where('shop_id', '=', seeded.shopId).where('subject', '=', '*all').executeTakeFirstOrThrow();
const counted = [1, 2, 3, 4, 5].map((r) => Number(recount.find((x) => Number(x.rating) === r)?.n ?? 0));
const stored = [summary.star1, summary.star2, summary.star3, summary.star4, summary.star5].map(Number);
const exact = counted.every((c, i) => c === stored[i]);
console.log(`ratings after the bulk job equal a recount: ${exact ? 'yes' : `NO (${stored} vs ${counted})`}`);

await database.close();
if (pgUrl) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
rmSync(dir, { recursive: true, force: true });
if (!exact) process.exit(1);
