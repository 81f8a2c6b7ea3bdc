import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/app-config.ts';
import { openDatabase, type Database, type DbHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { createShop, type ShopCredentials } from '../src/shops/shops.service.ts';
import { PlauditClient, type Transport } from '../src/client/index.ts';
import { createWorker, type Worker } from '../src/worker/worker.ts';
import { workerTasks } from '../src/worker/tasks.ts';
import { createServices, type ServiceOverrides, type Services } from '../src/services.ts';
import { usePasswordCostForTests } from '../src/merchants/passwords.ts';

// Merchant passwords hash at N=2^17 in production (passwords.test.ts holds that); tests use a cheap cost.
usePasswordCostForTests({ N: 2 ** 12, r: 8, p: 1 });

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef-0123456789';

/** PostgreSQL when TEST_DATABASE_URL is set (each test gets its own schema), otherwise a fresh SQLite file. */
export interface TestDatabase {
  config: Config;
  database: DbHandle;
  /** A DATABASE_URL that reaches the same database from a child process (CLI, server). */
  databaseUrl: string;
}

export async function openTestDatabase(t: TestContext, env: Record<string, string> = {}, migrations: { through?: string } = {}): Promise<TestDatabase> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const config = loadConfig({ LOG_LEVEL: 'silent', PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, DATABASE_URL: pgUrl, DB_POOL_SIZE: '4', ...env });
    const database = openDatabase(config, { searchPath: schema });
    t.after(async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: pgUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    });
    await migrateToLatest(database.db, migrations);
    const separator = pgUrl.includes('?') ? '&' : '?';
    return { config, database, databaseUrl: `${pgUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-test-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', PLAUDIT_SECRET_KEY: TEST_SECRET_KEY, DATA_DIR: dir, ...env });
  const database = openDatabase(config);
  t.after(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateToLatest(database.db, migrations);
  return { config, database, databaseUrl: `sqlite:${join(dir, 'plaudit.db')}` };
}

export const injectTransport =
  (app: FastifyInstance): Transport =>
  async (request) => {
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { payload: request.body }),
    });
    return { status: response.statusCode, body: response.body };
  };

export interface TestShop {
  credentials: ShopCredentials;
  shopId: number;
  client: PlauditClient;
}

export interface TestApp {
  app: FastifyInstance;
  /** What the app is built on (src/services.ts): for worker tasks and CLI commands. */
  services: Services;
  clock: ManualClock;
  config: Config;
  database: DbHandle;
  databaseUrl: string;
  shopA: TestShop;
  shopB: TestShop;
  /** The background worker; call `worker.runOnce()` after moving `clock`. */
  worker: Worker;
  clientFor(credentials: { public_token: string; private_token: string }): PlauditClient;
  /** Every row of every table, for "nothing was written" assertions. */
  snapshot(): Promise<Record<string, unknown[]>>;
}

/** A fresh database, the real app, and two shops (A and B) with signing clients. */
export async function buildTestApp(t: TestContext, options: { env?: Record<string, string>; deps?: ServiceOverrides } = {}): Promise<TestApp> {
  // The partner rate limit is off unless a test sets it: the ManualClock never refills a bucket.
  const { config, database, databaseUrl } = await openTestDatabase(t, { API_RATE_PER_SECOND: '0', ...options.env });
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
  const services = createServices(config, database, { clock, ...options.deps });
  const app = await buildApp(services);
  // A browser may still hold a request open on a served app, and close() would wait for it forever.
  t.after(async () => {
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  });
  const deps = { db: database.db, clock, secrets: services.secrets };
  const clientFor = (credentials: { public_token: string; private_token: string }) =>
    new PlauditClient({
      publicToken: credentials.public_token,
      privateToken: credentials.private_token,
      transport: injectTransport(app),
      now: () => Math.floor(clock.now() / 1000),
    });
  const makeShop = async (domain: string): Promise<TestShop> => {
    const credentials = await createShop(deps, { domain });
    return { credentials, shopId: Number(credentials.shop_id), client: clientFor(credentials) };
  };
  const shopA = await makeShop('shop-a.myshopify.com');
  const shopB = await makeShop('shop-b.myshopify.com');
  const worker = createWorker({ tasks: workerTasks(services), clock, log: services.log });
  return { app, services, clock, config, database, databaseUrl, shopA, shopB, worker, clientFor, snapshot: () => snapshotDatabase(database) };
}

/** Every row of every table and view the migrations made, so a new feature's tables are covered without listing them. */
export async function snapshotDatabase(database: DbHandle): Promise<Record<string, unknown[]>> {
  const listed =
    database.dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'`.execute(database.db);
  // Remembered HMAC signatures are the replay guard's bookkeeping, written by refused requests too.
  const tables = listed.rows
    .map((r) => r.name)
    .filter((name) => name !== 'plaudit_migrations' && name !== 'hmac_signatures')
    .sort() as (keyof Database)[];
  assert.ok(tables.includes('reviews'), 'snapshot sees the schema');
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await database.db.selectFrom(table).selectAll().execute();
    result[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return result;
}
