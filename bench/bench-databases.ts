import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import type { ShopCredentials } from '../src/shops/shops.service.ts';
import { seedShop } from './seed-shop.ts';

export const BENCH_SECRET_KEY = 'bench-secret-key-0123456789abcdef-0123456789';
export const BENCH_DOMAIN = 'bench.myshopify.com';

export interface BenchDatabase {
  /** DATABASE_URL for the server under test. */
  url: string;
  credentials: ShopCredentials;
  seedSeconds: number;
  drop(): Promise<void>;
}

/**
 * A fresh database seeded with `reviews` reviews: a SQLite file in a temporary folder, or,
 * given a PostgreSQL URL, a new database on that server (dropped by `drop()`).
 */
export async function seededDatabase(postgresUrl: string | undefined, reviews: number, log: (line: string) => void): Promise<BenchDatabase> {
  let url: string;
  let dropStorage: () => Promise<void>;
  if (postgresUrl) {
    const name = `plaudit_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(postgresUrl, `create database ${name}`);
    const target = new URL(postgresUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    dropStorage = () => adminQuery(postgresUrl, `drop database if exists ${name} with (force)`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-'));
    url = `sqlite:${join(dir, 'plaudit.db')}`;
    dropStorage = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const config = loadConfig({ DATABASE_URL: url, PLAUDIT_SECRET_KEY: BENCH_SECRET_KEY, LOG_LEVEL: 'silent' });
    const database = openDatabase(config);
    try {
      await migrateToLatest(database.db);
      const started = performance.now();
      const result = await seedShop(database, { clock: systemClock, secrets: new SecretBox(BENCH_SECRET_KEY) }, { reviews, domain: BENCH_DOMAIN });
      const seedSeconds = (performance.now() - started) / 1000;
      log(`seeded ${reviews.toLocaleString('en')} reviews in ${seedSeconds.toFixed(1)} s`);
      if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
      return { url, credentials: result.credentials!, seedSeconds, drop: dropStorage };
    } finally {
      await database.close();
    }
  } catch (error) {
    await dropStorage();
    throw error;
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
