import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { GroupCommitSqliteDialect } from './sqlite-group-commit.ts';

interface Tables {
  parents: { id: number };
  items: { id: Generated<number>; parent_id: number | null; label: string };
}

/** A fresh SQLite file opened the way openDatabase does, plus an independent connection to look at it. */
function openGroupCommit(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-group-commit-'));
  const path = join(dir, 'test.db');
  const connect = () => {
    const connection = new SQLite(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('busy_timeout = 5000');
    return connection;
  };
  const writer = connect();
  writer.exec(`
    create table parents (id integer primary key);
    create table items (id integer primary key, parent_id integer references parents(id) deferrable initially deferred, label text not null unique);
    insert into parents (id) values (1);
  `);
  writer.pragma('foreign_keys = ON');
  let commits = 0;
  const exec = writer.exec.bind(writer);
  writer.exec = (source: string) => {
    if (source === 'commit') commits++;
    return exec(source);
  };
  const reader = connect();
  reader.pragma('query_only = ON');
  const dialect = new GroupCommitSqliteDialect(writer, reader);
  const db = new Kysely<Tables>({ dialect });
  const observer = connect();
  t.after(async () => {
    await db.destroy();
    observer.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const committedLabels = () => (observer.prepare('select label from items order by label').all() as { label: string }[]).map((r) => r.label);
  return { db, dialect, observer, committedLabels, commits: () => commits };
}

test('concurrent transactions share commits, and each caller resumes only once its own rows are committed', async (t) => {
  const { db, committedLabels, commits } = openGroupCommit(t);
  const labels = Array.from({ length: 200 }, (_, i) => `item-${String(i).padStart(3, '0')}`);
  const results = await Promise.allSettled(
    labels.map((label, i) =>
      db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('items').values({ label, parent_id: 1 }).execute();
          if (i % 10 === 3) throw new Error(`unit ${i} fails after writing`);
          await trx
            .updateTable('items')
            .set({ label: `${label}!` })
            .where('label', '=', label)
            .execute();
        })
        .then(() => {
          // Resumed: the row must already be visible to any other connection.
          assert.ok(committedLabels().includes(`${label}!`), `${label} was not committed when its caller resumed`);
        }),
    ),
  );
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
  assert.deepEqual(
    failed,
    labels.map((_, i) => i).filter((i) => i % 10 === 3),
    'only the failing units fail',
  );
  for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /fails after writing/);
  assert.deepEqual(
    committedLabels(),
    labels.filter((_, i) => i % 10 !== 3).map((l) => `${l}!`),
  );
  assert.ok(commits() < 50, `200 transactions took ${commits()} commits`);
  // Writes outside a transaction are units too.
  await Promise.all(['solo-a', 'solo-b'].map((label) => db.insertInto('items').values({ label, parent_id: null }).execute()));
  assert.ok(committedLabels().includes('solo-a') && committedLabels().includes('solo-b'));
});

test('reads outside a transaction see only committed data', async (t) => {
  const { db } = openGroupCommit(t);
  let finish!: () => void;
  const holding = new Promise<void>((resolve) => (finish = resolve));
  let inserted!: () => void;
  const wrote = new Promise<void>((resolve) => (inserted = resolve));
  const unit = db.transaction().execute(async (trx) => {
    await trx.insertInto('items').values({ label: 'pending', parent_id: 1 }).execute();
    assert.equal((await trx.selectFrom('items').select('label').execute()).length, 1, 'the transaction sees its own row');
    inserted();
    await holding;
  });
  await wrote;
  assert.equal((await db.selectFrom('items').select('label').execute()).length, 0, 'an outside read does not see it yet');
  finish();
  await unit;
  assert.deepEqual(await db.selectFrom('items').select('label').execute(), [{ label: 'pending' }]);
});

test('a commit that fails fails every transaction of its group and keeps none of their rows', async (t) => {
  const { db, committedLabels } = openGroupCommit(t);
  // The deferred foreign key is checked only at COMMIT, after both units were released into the group.
  const good = db.transaction().execute((trx) => trx.insertInto('items').values({ label: 'good', parent_id: 1 }).execute());
  const bad = db.transaction().execute((trx) => trx.insertInto('items').values({ label: 'orphan', parent_id: 99 }).execute());
  const results = await Promise.allSettled([good, bad]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.deepEqual(committedLabels(), []);
  // The database stays usable.
  await db.transaction().execute((trx) => trx.insertInto('items').values({ label: 'after', parent_id: 1 }).execute());
  assert.deepEqual(committedLabels(), ['after']);
  assert.equal(Number((await sql<{ n: number }>`select count(*) as n from items`.execute(db)).rows[0]!.n), 1);
});

test("data_version is asked once per event-loop turn: another connection's commit shows after the loop polls, the writer's at once", async (t) => {
  const { db, dialect, observer } = openGroupCommit(t);
  const first = dialect.dataVersion();
  observer.exec(`insert into items (label) values ('from another connection')`);
  assert.equal(dialect.dataVersion(), first, 'the same turn reuses the answer');
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 1));
  const afterPoll = dialect.dataVersion();
  assert.notEqual(afterPoll, first, 'a later turn asks again and sees the commit');

  await db.insertInto('items').values({ parent_id: 1, label: 'from the writer' }).execute();
  const afterWriter = dialect.dataVersion();
  assert.notEqual(afterWriter, afterPoll, "the writer's own commit is seen without waiting for a poll");
});

test("a write waits for another connection's write lock without blocking the event loop, then goes through", async (t) => {
  const { db, observer, committedLabels } = openGroupCommit(t);
  observer.exec('begin immediate');
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  const released = new Promise<void>((resolve) =>
    setTimeout(() => {
      observer.exec('commit');
      resolve();
    }, 150),
  );
  try {
    await db.insertInto('items').values({ parent_id: 1, label: 'after the lock' }).execute();
  } finally {
    clearInterval(ticker);
  }
  await released;
  assert.ok(ticks >= 10, `timers kept firing while the write waited (${ticks} ticks)`);
  assert.deepEqual(committedLabels(), ['after the lock']);
});
