// What the email benchmarks (orders-emails.ts, reminders.ts) share: a local SMTP server that counts
// messages, a database with one shop (SQLite in a temporary folder, or a new schema on
// BENCH_DATABASE_URL), and fulfilled orders pushed through the orders service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createServices, type Services } from '../src/services.ts';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase, type Db, type DbHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import type { Config } from '../src/app-config.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { pushOrders } from '../src/orders/orders.service.ts';

export const TIMEOUT_MS = 180_000;

export type SmtpSink = Awaited<ReturnType<typeof smtpSink>>;

/** An SMTP server on 127.0.0.1 that accepts every message and counts them. */
export async function smtpSink() {
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

/** Polls until the condition holds; throws after TIMEOUT_MS. */
export async function waitFor(condition: () => boolean | Promise<boolean>, everyMs = 10) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface EmailBench {
  config: Config;
  database: DbHandle;
  services: Services;
  deps: { db: Db; clock: typeof systemClock; secrets: SecretBox };
  shopId: number;
  /** Removes the temporary folder and, on PostgreSQL, the schema (close the database first). */
  dropStorage(): Promise<void>;
}

/** A migrated database sending through `smtpPort`, with services and one shop (bench.myshopify.com). */
export async function emailBench(smtpPort: number): Promise<EmailBench> {
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
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: 'https://reviews.example.com',
    ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
  });
  const database = openDatabase(config, pgUrl ? { searchPath: schema } : {});
  await migrateToLatest(database.db);
  const services = createServices(config, database);
  const deps = { db: database.db, clock: systemClock, secrets: new SecretBox(config.secretKey) };
  const shop = await createShop(deps, { domain: 'bench.myshopify.com', name: 'Bench Shop' });
  const dropStorage = async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl) await admin(`drop schema ${schema} cascade`);
  };
  return { config, database, services, deps, shopId: Number(shop.shop_id), dropStorage };
}

/** `count` orders fulfilled now, two products each, one shopper each, pushed 100 per call. */
export async function pushFulfilledOrders(bench: EmailBench, count: number) {
  const fulfilledAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (let i = 0; i < count; i += 100) {
    const orders = Array.from({ length: Math.min(100, count - i) }, (_, k) => ({
      order_id: 100000 + i + k,
      customer: { id: 5000 + i + k, email: `shopper${i + k}@example.com`, first_name: 'Sam', last_name: 'Buyer' },
      line_items: [
        { product_id: 11, title: 'Red shirt' },
        { product_id: 22, title: 'Blue hat' },
      ],
      fulfilled_at: fulfilledAt,
    }));
    await pushOrders({ ...bench.deps, events: bench.services.events }, bench.shopId, { orders });
  }
}
