import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openTestDatabase } from '../../test/helpers.ts';
import { TcpProxy } from '../../test/tcp-proxy.ts';
import { CommittedReadCache } from './committed-read-cache.ts';
import { commitVersionOf, openDatabase, type Db } from './database.ts';
import { PostgresCommitVersion } from './postgres-commit-version.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const skip = !pgUrl && 'PostgreSQL only (TEST_DATABASE_URL)';

/** A table `t` with one row (v = 1) in this test's schema, and the schema's name. */
async function oneRow(t: TestContext): Promise<{ db: Db; schema: string; config: Parameters<typeof openDatabase>[0] }> {
  const { database, config } = await openTestDatabase(t);
  const { db } = database;
  await sql`create table t (v integer not null)`.execute(db);
  await sql`insert into t (v) values (1)`.execute(db);
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
  return { db, schema, config };
}

/** Waits until the checker has its connection open, and answers a version. */
async function connected(checker: PostgresCommitVersion): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const check = checker.next();
    if (check) return check;
    await sleep(10);
  }
  throw new Error('the check connection did not open');
}

/** Commits `statement` from another process, synchronously: the event loop does not turn meanwhile. */
function commitFromAnotherProcess(schema: string, statement: string): void {
  const script = `import pg from 'pg'; const c = new pg.Client(${JSON.stringify({ connectionString: pgUrl, options: `-c search_path=${schema}` })}); await c.connect(); await c.query(${JSON.stringify(statement)}); await c.end();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}

test('a cached read never uses a check that was already in flight when it began: it waits for the next one', { skip }, async (t) => {
  const { db, schema } = await oneRow(t);
  const cache = new CommittedReadCache<number>(10);
  let reads = 0;
  const value = () =>
    cache.get(db, 'v', async () => {
      reads++;
      return (await sql<{ v: number }>`select v from t`.execute(db)).rows[0]!.v;
    });
  const checker = commitVersionOf(db)!;
  assert.equal(checker.next(), undefined, 'no connection yet: it is being opened, and callers read meanwhile');
  await connected(checker);
  assert.equal(await value(), 1);
  assert.equal(await value(), 1);
  assert.equal(reads, 1, 'the second read is a hit');

  const checksBefore = checker.checks;
  const first = value(); // sends a check at once
  // Let the server answer that check; its answer waits, unread, until this turn of the event loop ends.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  commitFromAnotherProcess(schema, 'update t set v = 2');
  // Begins after the commit was acknowledged, while the check sent before the commit is in flight.
  const second = value();
  assert.equal(await second, 2, 'a read that began after the commit sees it');
  // The first read began before the commit: either answer is right for it.
  assert.ok([1, 2].includes(await first));
  assert.equal(checker.checks - checksBefore, 2, 'the second read waited for a check of its own');
  assert.equal(await value(), 2);
});

test('concurrent reads share checks: one in flight, everyone who asked meanwhile shares the next', { skip }, async (t) => {
  const { db, schema } = await oneRow(t);
  const checker = commitVersionOf(db)!;
  await connected(checker);
  const before = checker.checks;
  const firstWave = Array.from({ length: 50 }, () => checker.next());
  assert.equal(checker.checks - before, 1, 'the first caller sent a check; the others wait for the next');
  const versions = await Promise.all(firstWave);
  assert.equal(checker.checks - before, 2, '50 callers, two checks');
  assert.equal(new Set(versions.slice(1)).size, 1, 'those who waited share one answer');

  // Under a steady stream of reads through the cache, checks stay about one per round trip.
  const cache = new CommittedReadCache<number>(10);
  const read = async () => (await sql<{ v: number }>`select v from t`.execute(db)).rows[0]!.v;
  const start = checker.checks;
  const all = await Promise.all(Array.from({ length: 500 }, (_, i) => (i % 100 === 0 ? sleep(1) : Promise.resolve()).then(() => cache.get(db, 'v', read))));
  assert.ok(all.every((v) => v === 1));
  // (How many of them read depends on other test files committing meanwhile: any commit on the server is a miss.)
  assert.ok(checker.checks - start <= 10, `${checker.checks - start} checks for 500 reads`);

  // A commit in between: the next check's version differs.
  const seen = await checker.next()!;
  commitFromAnotherProcess(schema, 'update t set v = 3');
  assert.notEqual(await checker.next()!, seen);
  assert.equal(await cache.get(db, 'v', read), 3);
});

test('read-only transactions leave the version as it is; a write moves it when it commits, not before', { skip }, async (t) => {
  const { db } = await oneRow(t);
  const checker = commitVersionOf(db)!;
  const other = new pg.Client({ connectionString: pgUrl });
  await other.connect();
  t.after(() => other.end());
  // Other test files write to the same server meanwhile: compare snapshots the way the checker
  // does, on this test's own timeline of statements, and only what must hold whatever they do.
  await other.query('begin');
  await other.query(`select txid_current()`); // an xid, as a write would have
  const running = await connected(checker);
  await other.query('commit');
  assert.notEqual(await checker.next()!, running, 'a transaction with an xid that commits changes the version');

  // A read-only transaction has no xid: the versions around it differ only by others' commits,
  // which this cannot control, so check the rule on the snapshots themselves.
  const snapshot = async () => (await other.query<{ s: string }>('select pg_current_snapshot()::text as s')).rows[0]!.s;
  const xidsOf = (text: string) => text.split(':')[2]!.split(',').filter(Boolean);
  await other.query('begin');
  const readOnlyXid = (await other.query<{ x: string | null }>('select pg_current_xact_id_if_assigned()::text as x')).rows[0]!.x;
  assert.equal(readOnlyXid, null, 'a read-only transaction has no xid');
  await other.query('commit');
  await other.query('begin');
  const xid = (await other.query<{ x: string }>('select pg_current_xact_id()::text as x')).rows[0]!.x;
  const during = await checker.next()!;
  assert.ok(Number(xid) >= Number(during.split(':')[1]) || xidsOf(during).includes(xid), 'a running transaction is at or past xmax, or in xip');
  await other.query('commit');
  const after = await snapshot();
  assert.ok(!xidsOf(after).includes(xid) && Number(after.split(':')[1]) > Number(xid), 'once committed, it is below xmax and not in xip');
});

test('the check connection uses the pool settings, comes back after being dropped, and closes with the handle', { skip }, async (t) => {
  const { schema, config } = await oneRow(t);
  const applicationName = `plaudit-check-${randomBytes(4).toString('hex')}`;
  const handle = openDatabase(config, { searchPath: schema, applicationName });
  let closed = false;
  t.after(() => (closed ? undefined : handle.close()));
  const { db } = handle;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  t.after(() => admin.end());
  const sessions = async () => (await admin.query<{ pid: number; query: string }>('select pid, query from pg_stat_activity where application_name = $1 order by pid', [applicationName])).rows;

  const cache = new CommittedReadCache<number>(10);
  const read = async () => (await sql<{ v: number }>`select v from t`.execute(db)).rows[0]!.v;
  await connected(commitVersionOf(db)!);
  assert.equal(await cache.get(db, 'v', read), 1, 'the table is found: the same search_path as the pool');
  const check = (await sessions()).find((s) => s.query.includes('pg_current_snapshot'));
  assert.ok(check, 'a session of its own, under the pool application_name');

  await admin.query('select pg_terminate_backend($1)', [check.pid]);
  await sleep(50);
  await sql`update t set v = 5`.execute(db);
  // The check on the dropped connection fails (or there is none): the read goes to the database.
  for (let i = 0; i < 3; i++) assert.equal(await cache.get(db, 'v', read), 5);
  await connected(commitVersionOf(db)!);
  const checksBefore = commitVersionOf(db)!.checks;
  assert.equal(await cache.get(db, 'v', read), 5);
  assert.equal(commitVersionOf(db)!.checks, checksBefore + 1);
  const again = (await sessions()).find((s) => s.query.includes('pg_current_snapshot'));
  assert.ok(again && again.pid !== check.pid, 'a new check connection');

  await handle.close();
  closed = true;
  for (let i = 0; i < 50 && (await sessions()).length > 0; i++) await sleep(20);
  assert.deepEqual(await sessions(), [], 'closing the handle ends every session, the check connection too');
  assert.equal(commitVersionOf(db)!.next(), undefined, 'a closed handle checks no more');
  await sleep(50);
  assert.deepEqual(await sessions(), [], 'nor opens a connection again');
});

test('while the check connection cannot be opened, callers read; a later call opens it', { skip }, async () => {
  let attempts = 0;
  const checker = new PostgresCommitVersion(() => {
    attempts++;
    return new pg.Client({ connectionString: attempts === 1 ? 'postgres://postgres@127.0.0.1:1/test' : pgUrl, connectionTimeoutMillis: 2000 });
  });
  try {
    assert.equal(checker.next(), undefined);
    await sleep(100); // refused
    assert.match(await connected(checker), /^\d+:\d+:/);
    assert.equal(attempts, 2);
  } finally {
    await checker.close();
  }
});

test('a check the server does not answer fails after the query timeout, and the next call opens a new connection', { skip }, async (t) => {
  const target = new URL(pgUrl!);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.start();
  t.after(() => proxy.cut());
  const proxied = new URL(target);
  proxied.port = String(proxy.port);
  const checker = new PostgresCommitVersion(() => new pg.Client({ connectionString: proxied.toString(), query_timeout: 300 }));
  t.after(() => checker.close());
  await connected(checker);
  proxy.stallOpenConnections();
  const started = performance.now();
  await assert.rejects(checker.next()!, /timeout/i);
  assert.ok(performance.now() - started < 3000);
  assert.match(await connected(checker), /^\d+:\d+:/, 'a new connection checks again');
});

test('on a server without pg_current_snapshot() (PostgreSQL < 13) the first check fails and no more are tried', async () => {
  let connects = 0;
  const fakeClient = () => {
    connects++;
    const client = {
      on: () => client,
      connect: () => Promise.resolve(),
      query: () => Promise.reject(Object.assign(new Error('function pg_current_snapshot() does not exist'), { code: '42883' })),
      end: () => Promise.resolve(),
    };
    return client as unknown as pg.Client;
  };
  const checker = new PostgresCommitVersion(fakeClient);
  assert.equal(checker.next(), undefined);
  await sleep(0);
  await assert.rejects(checker.next()!, /does not exist/);
  for (let i = 0; i < 3; i++) {
    assert.equal(checker.next(), undefined, 'callers read');
    await sleep(0);
  }
  assert.deepEqual([connects, checker.checks], [1, 1]);
});
