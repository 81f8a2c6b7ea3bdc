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
import { tmpdir } from 'node:os';
import { buildApp } from '../src/app.ts';
import { updateEmailSettings } from '../src/emails/settings.service.ts';
import { createWorker } from '../src/worker/worker.ts';
import { createMailer } from '../src/emails/mailer.ts';
import { workerTasks } from '../src/worker/tasks.ts';
import { systemClock } from '../src/lib/clock.ts';
import { emailBench, pushFulfilledOrders, smtpSink, waitFor, type SmtpSink } from './email-bench.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function baseline(port: number, sink: SmtpSink) {
  sink.reset();
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, dataDir: tmpdir() });
  const started = performance.now();
  const html = '<p>' + 'x'.repeat(2500) + '</p>';
  await Promise.all(Array.from({ length: ORDERS }, (_, i) => mailer.send({ from: 'a@example.com', to: `s${i}@example.com`, subject: 'Hi', html, text: 'x'.repeat(1200) })));
  const ms = performance.now() - started;
  mailer.close();
  return ms;
}

async function plaudit(port: number, sink: SmtpSink) {
  sink.reset();
  const bench = await emailBench(port);
  const { database, services, deps, shopId } = bench;
  const app = await buildApp(services);
  await updateEmailSettings(deps, shopId, { delay_days: 0 });

  const ingestStart = performance.now();
  await pushFulfilledOrders(bench, ORDERS);
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
  await bench.dropStorage();
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
