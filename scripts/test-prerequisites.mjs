// What the test suite needs besides node_modules, checked before any test starts so that a
// missing service is named with the command that provides it instead of failing tests later.
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

/** Where the tests look for them (test/helpers.ts, test/browser.ts, src/http/rate-limit.test.ts). */
export const PLACES = { chromium: '/usr/bin/chromium', redis: { host: '127.0.0.1', port: 6379 }, postgresUrl: process.env.TEST_DATABASE_URL };

/** Which prerequisites these test files need (all of them for the whole suite). */
export function prerequisitesOf(files, wholeSuite) {
  const sources = wholeSuite ? [] : files.map((file) => readFileSync(file, 'utf8'));
  const needs = (pattern) => wholeSuite || sources.some((source) => pattern.test(source));
  return {
    chromium: needs(/from '[^']*test\/browser\.ts'|from 'playwright-core'/),
    redis: needs(/redis:\/\/127\.0\.0\.1:6379/),
    postgres: Boolean(process.env.TEST_DATABASE_URL),
  };
}

/** The problems found, each with the command that fixes it; empty when everything is there. */
export async function missingPrerequisites(needs, places = PLACES) {
  const problems = [];
  if (needs.chromium && !existsSync(places.chromium)) {
    problems.push(`Chromium is not at ${places.chromium} (browser tests drive it). Install it: apt-get install -y chromium`);
  }
  if (needs.redis && !(await redisAnswers(places.redis))) {
    problems.push(
      `Redis does not answer at ${places.redis.host}:${places.redis.port} (rate-limit tests use it). Start it: ` +
        `redis-server --daemonize yes --bind ${places.redis.host} --port ${places.redis.port} --save "" --appendonly no` +
        ` (install it first if needed: apt-get install -y redis-server)`,
    );
  }
  if (needs.postgres) {
    const error = await postgresError(places.postgresUrl);
    if (error) {
      problems.push(
        `PostgreSQL at TEST_DATABASE_URL (${redactUrl(places.postgresUrl)}) refuses: ${error}. Start it: ` +
          `pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start` +
          ` (install it first if needed: apt-get install -y postgresql), or unset TEST_DATABASE_URL to test on SQLite`,
      );
    }
  }
  return problems;
}

function redisAnswers(address) {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function postgresError(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error && error.message ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'not a URL';
  }
}
