/**
 * Review-request throughput: 10,000 fulfilled orders → 10,000 emails to a local SMTP server,
 * with the worker's default settings. Baseline (same run): the same mailer (src/emails/mailer.ts,
 * nodemailer pool) sending 10,000 ready-made messages to the same server — no database, no rendering.
 *
 *   node --import tsx bench/orders-emails.ts            # SQLite in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/orders-emails.ts
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
import { buildApp } from '../src/app.ts';
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
import { createMailer } from '../src/emails/mailer.ts';
import { workerTasks } from '../src/worker/tasks.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const TIMEOUT_MS = 180_000;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

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
  return { port, count: () => received, reset: () => (received = 0), close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function waitFor(condition: () => boolean) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function baseline(port: number, sink: Awaited<ReturnType<typeof smtpSink>>) {
  sink.reset();
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, dataDir: tmpdir() });
  const started = performance.now();
  const html = '<p>' + 'x'.repeat(2500) + '</p>';
  await Promise.all(Array.from({ length: ORDERS }, (_, i) => mailer.send({ from: 'a@example.com', to: `s${i}@example.com`, subject: 'Hi', html, text: 'x'.repeat(1200) })));
  const ms = performance.now() - started;
  mailer.close();
  return ms;
}

async function plaudit(port: number, sink: Awaited<ReturnType<typeof smtpSink>>) {
  sink.reset();
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-'));
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  if (pgUrl) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: dir,
    PLAUDIT_SECRET_KEY: 'bench-secret-key-0123456789abcdef-0123',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    PUBLIC_URL: 'https://reviews.example.com',
    ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
  });
  const database = openDatabase(config, pgUrl ? { searchPath: schema } : {});
  await migrateToLatest(database.db);
  const services = createServices(config, database);
  const app = await buildApp(services);
  const deps = { db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) };
  const shop = await createShop(deps, { domain: 'bench.myshopify.com', name: 'Bench Shop' });
  const shopId = Number(shop.shop_id);
  await updateEmailSettings(deps, shopId, { delay_days: 0 });

  const fulfilledAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ingestStart = performance.now();
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
  const ingestMs = performance.now() - ingestStart;

  const worker = createWorker({ tasks: workerTasks(services), clock: systemClock, log: services.log });
  const sendStart = performance.now();
  worker.start();
  await waitFor(() => sink.count() >= ORDERS);
  const sendMs = performance.now() - sendStart;
  await worker.stop();
  const sent = await database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 3)
    .executeTakeFirstOrThrow();
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  if (pgUrl) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  return { ingestMs, sendMs, sentOrders: Number(sent.n), dialect: database.dialect };
}

const sink = await smtpSink();
const base = await baseline(sink.port, sink);
const baselinePeak = peakRss;
peakRss = process.memoryUsage().rss;
const run = await plaudit(sink.port, sink);
await sink.close();
clearInterval(sampler);
const perSecond = (n: number, ms: number) => `${Math.round((n / ms) * 1000)}/s`;
console.log(`orders: ${ORDERS}, database: ${run.dialect}`);
console.log(`baseline (same mailer, pre-built messages) → SMTP: ${(base / 1000).toFixed(1)} s (${perSecond(ORDERS, base)})`);
console.log(`plaudit ingest (push_orders service, 100 per call, schedules the requests): ${(run.ingestMs / 1000).toFixed(1)} s (${perSecond(ORDERS, run.ingestMs)})`);
console.log(`plaudit worker send (claim, render, SMTP, record): ${(run.sendMs / 1000).toFixed(1)} s (${perSecond(ORDERS, run.sendMs)}); orders marked Sent: ${run.sentOrders}`);
console.log(`scheduling + sending total: ${((run.ingestMs + run.sendMs) / 1000).toFixed(1)} s`);
console.log(`peak RSS: baseline phase ${mb(baselinePeak)}, plaudit phase ${mb(peakRss)} (sampled every 20 ms; process max ${mb(process.resourceUsage().maxRSS * 1024)})`);
process.exit(run.sentOrders === ORDERS ? 0 : 1);
