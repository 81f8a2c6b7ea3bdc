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
import { systemClock } from '../src/lib/clock.ts';
import { updateEmailSettings } from '../src/emails/settings.service.ts';
import { createWorker } from '../src/worker/worker.ts';
import { workerTasks } from '../src/worker/tasks.ts';
import { emailBench, pushFulfilledOrders, smtpSink, waitFor } from './email-bench.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);

const sink = await smtpSink();
const bench = await emailBench(sink.port);
const { database, services, deps, shopId } = bench;
await updateEmailSettings(deps, shopId, { delay_days: 0, reminder_days: 3, reminder2_days: 4, reminder3_days: 5, remind_only_engaged: 1, daily_cap: 1_000_000 });

// Setup (not timed): the orders, their requests sent and opened, the first reminders made due.
await pushFulfilledOrders(bench, ORDERS);
const setupWorker = createWorker({ tasks: workerTasks(services), clock: systemClock, log: services.log });
const requestsStarted = performance.now();
setupWorker.start();
await waitFor(() => sink.count() >= ORDERS, 20);
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
await waitFor(async () => sink.count() >= 2 * ORDERS && (await count(1, 'pending')) === 0, 20);
const ms = performance.now() - started;
await worker.stop();
const sent = await count(1, 'sent');
const next = await count(2, 'pending');
await services.close();
await database.close();
await sink.close();
await bench.dropStorage();

console.log(`reminders queued: ${queued}, database: ${database.dialect}`);
console.log(`processed (claim, engagement and cap checks, render, SMTP, record, queue the next): ${(ms / 1000).toFixed(1)} s (${Math.round((queued / ms) * 1000)}/s)`);
console.log(`in-run baseline, the ${ORDERS} requests of the setup (no engagement lookup, no cap): ${(requestsMs / 1000).toFixed(1)} s`);
console.log(`first reminders sent: ${sent}; second reminders queued: ${next}; target < 60 s: ${ms < 60_000 ? 'met' : 'NOT met'}`);
process.exit(sent === ORDERS && next === ORDERS ? 0 : 1);
