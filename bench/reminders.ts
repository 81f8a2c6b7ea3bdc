/**
 * Reminder throughput (issue #17: 10,000 queued reminders processed in < 60 s): 10,000 orders whose
 * review request was sent and opened, each with its first reminder due, on a shop that sends three
 * reminders to engaged shoppers only (so every reminder looks up the previous email) with a daily cap
 * high enough not to bite (so the cap is counted). Timed: the worker, from start until every reminder
 * is sent to a local SMTP server and recorded (and the second reminder of each is queued).
 *
 *   npm run bench:reminders                                      # SQLite in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:reminders
 *
 * Everything runs on 127.0.0.1 and stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createServices } from '../src/services.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { pushOrders } from '../src/orders/orders.service.ts';
import { updateEmailSettings } from '../src/emails/settings.service.ts';
import { createWorker } from '../src/worker/worker.ts';
import { workerTasks } from '../src/worker/tasks.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const TIMEOUT_MS = 180_000;

async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, count: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function waitFor(condition: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sink = await smtpSink();
const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-'));
const pgUrl = process.env.BENCH_DATABASE_URL;
const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = async (query: string) => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(query);
  await client.end();
};
if (pgUrl) await admin(`create schema ${schema}`);
const config = loadConfig({
  LOG_LEVEL: 'warn',
  DATA_DIR: dir,
  PLAUDIT_SECRET_KEY: 'bench-secret-key-0123456789abcdef-0123',
  SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
  PUBLIC_URL: 'https://reviews.example.com',
  ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
});
const database = openDatabase(config, pgUrl ? { searchPath: schema } : {});
await migrateToLatest(database.db);
const services = createServices(config, database);
const deps = { db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) };
const shop = await createShop(deps, { domain: 'bench.myshopify.com', name: 'Bench Shop' });
const shopId = Number(shop.shop_id);
await updateEmailSettings(deps, shopId, { delay_days: 0, reminder_days: 3, reminder2_days: 4, reminder3_days: 5, remind_only_engaged: 1, daily_cap: 1_000_000 });

// Setup (not timed): the orders, their requests sent and opened, the first reminders made due.
const fulfilledAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
for (let i = 0; i < ORDERS; i += 100) {
  const orders = Array.from({ length: Math.min(100, ORDERS - i) }, (_, k) => ({
    order_id: 100000 + i + k,
    customer: { id: 5000 + i + k, email: `shopper${i + k}@example.com`, first_name: 'Sam', last_name: 'Buyer' },
    line_items: [
      { product_id: 11, title: 'Red shirt' },
      { product_id: 22, title: 'Blue hat' },
    ],
    fulfilled_at: fulfilledAt,
  }));
  await pushOrders({ ...deps, events: services.events }, shopId, { orders });
}
const setupWorker = createWorker({ tasks: workerTasks(services), clock: systemClock, log: services.log });
const requestsStarted = performance.now();
setupWorker.start();
await waitFor(() => sink.count() >= ORDERS);
const requestsMs = performance.now() - requestsStarted;
await setupWorker.stop();
const now = Date.now();
await database.db.updateTable('email_jobs').set({ engaged_at: now }).where('step', '=', 0).execute();
await database.db.updateTable('email_jobs').set({ run_at: now }).where('step', '=', 1).where('state', '=', 'pending').execute();
const count = async (step: number, state: 'pending' | 'sent') =>
  Number(
    (
      await database.db
        .selectFrom('email_jobs')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('step', '=', step)
        .where('state', '=', state)
        .executeTakeFirstOrThrow()
    ).n,
  );
const queued = await count(1, 'pending');

const worker = createWorker({ tasks: workerTasks(services), clock: systemClock, log: services.log });
const started = performance.now();
worker.start();
await waitFor(async () => sink.count() >= 2 * ORDERS && (await count(1, 'pending')) === 0);
const ms = performance.now() - started;
await worker.stop();
const sent = await count(1, 'sent');
const next = await count(2, 'pending');
await services.close();
await database.close();
await sink.close();
rmSync(dir, { recursive: true, force: true });
if (pgUrl) await admin(`drop schema ${schema} cascade`);

console.log(`reminders queued: ${queued}, database: ${database.dialect}`);
console.log(`processed (claim, engagement and cap checks, render, SMTP, record, queue the next): ${(ms / 1000).toFixed(1)} s (${Math.round((queued / ms) * 1000)}/s)`);
console.log(`in-run baseline, the ${ORDERS} requests of the setup (no engagement lookup, no cap): ${(requestsMs / 1000).toFixed(1)} s`);
console.log(`first reminders sent: ${sent}; second reminders queued: ${next}; target < 60 s: ${ms < 60_000 ? 'met' : 'NOT met'}`);
process.exit(sent === ORDERS && next === ORDERS ? 0 : 1);
