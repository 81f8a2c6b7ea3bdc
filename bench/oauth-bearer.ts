/**
 * Bearer vs HMAC on get_rating, measured in the same run against one real server process.
 *
 *   node --import tsx bench/oauth-bearer.ts            (SQLite in a temporary folder)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/oauth-bearer.ts
 *
 * Rounds alternate HMAC and bearer (H B H B …) so drift on a shared machine hits both alike.
 * Target (issue 7): bearer ≥ 90% of the HMAC rate. Traffic goes to 127.0.0.1 only; the run stops by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/app-config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { SecretBox } from '../src/lib/crypto.ts';
import { createShop } from '../src/shops/shops.service.ts';
import { createReview } from '../src/reviews/reviews.service.ts';
import { signedHeaders, queryPairs } from '../src/client/index.ts';
import { createPlatform } from '../src/oauth/platforms.service.ts';
import { approveAuthorization, checkAuthorizeRequest } from '../src/oauth/authorize.service.ts';
import { exchangeToken } from '../src/oauth/tokens.service.ts';
import { noOAuthHooks } from '../src/oauth/oauth.hooks.ts';
import { discardEvents } from '../src/events/events.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 20;
const SECRET = 'bench-secret-key-0123456789abcdef-0123456789';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-bench-oauth-'));
  const env: Record<string, string> = { DATA_DIR: dir, PLAUDIT_SECRET_KEY: SECRET, LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: 'NORMAL', API_RATE_PER_SECOND: '0' };
  // PostgreSQL: a schema of its own, dropped at the end.
  const schema = `bench_oauth_${process.pid}`;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.toString();
  }
  const config = loadConfig(env);
  const database = openDatabase(config);
  await migrateToLatest(database.db);
  const deps = { db: database.db, clock: systemClock, secrets: new SecretBox(SECRET) };
  const shop = await createShop(deps, { domain: `bench-${Date.now()}.myshopify.com` });
  const shopId = Number(shop.shop_id);
  for (let i = 0; i < 200; i++) {
    await createReview({ db: database.db, dialect: database.dialect, clock: systemClock, events: discardEvents }, shopId, {
      rating: (i % 5) + 1,
      author: `A${i}`,
      product_id: String(1000 + (i % 10)),
    });
  }
  const platform = await createPlatform(deps, { name: 'Bench', clientId: `bench-${Date.now()}`, redirectUris: ['https://bench.example/cb'], scopes: 'read_reviews' });
  const oauthDeps = { ...deps, hooks: noOAuthHooks() };
  const request = await checkAuthorizeRequest(database.db, { client_id: platform.client_id, redirect_uri: 'https://bench.example/cb', scope: 'read_reviews' });
  const code = await approveAuthorization(oauthDeps, request, shopId);
  const tokens = await exchangeToken(oauthDeps, {
    grant_type: 'authorization_code',
    client_id: platform.client_id,
    client_secret: platform.client_secret,
    code,
    redirect_uri: 'https://bench.example/cb',
  });
  await database.close();

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ROLE: 'api' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const query = { product_id: '1003' };
    const path = `/api/v1/openapi/get_rating?product_id=1003`;
    const hmacHeaders = () => signedHeaders({ publicToken: shop.public_token, privateToken: shop.private_token }, queryPairs(query), undefined, String(Math.floor(Date.now() / 1000)));
    const bearerHeaders = () => ({ Authorization: `Bearer ${tokens.access_token}` });
    for (const headers of [hmacHeaders(), bearerHeaders()]) {
      const check = (await (await fetch(base + path, { headers })).json()) as { code: number; data: { review_count: number } };
      if (check.code !== 0 || check.data.review_count !== 20) throw new Error(`warm-up call failed: ${JSON.stringify(check)}`);
    }
    const run = async (headers: Record<string, string>) => {
      const result = await autocannon({ url: base + path, connections: CONNECTIONS, duration: SECONDS, headers });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`errors during the run: non2xx ${result.non2xx}, errors ${result.errors}`);
      return result.requests.average;
    };
    await run(hmacHeaders()); // warm-up round, not counted
    const hmac: number[] = [];
    const bearer: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      hmac.push(await run(hmacHeaders()));
      bearer.push(await run(bearerHeaders()));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(bearer) / mean(hmac);
    console.log(
      JSON.stringify(
        {
          database: config.database.kind,
          seconds_per_round: SECONDS,
          rounds: ROUNDS,
          connections: CONNECTIONS,
          hmac_rps: hmac.map(Math.round),
          bearer_rps: bearer.map(Math.round),
          bearer_vs_hmac: Number(ratio.toFixed(3)),
          target: 0.9,
          pass: ratio >= 0.9,
        },
        null,
        2,
      ),
    );
    process.exitCode = ratio >= 0.9 ? 0 : 1;
  } finally {
    await new Promise((r) => setTimeout(r, 500)); // let the last in-flight requests finish
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    if (process.env.DATABASE_URL) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
