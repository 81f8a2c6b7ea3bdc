import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { withStatementCache } from './database.ts';

test('the SQLite statement cache reuses statements per SQL text, stays bounded, and survives schema changes', () => {
  const raw = new SQLite(':memory:');
  const sqlite = withStatementCache(raw);
  sqlite.exec('create table t (id integer primary key, v text)');
  const insert = sqlite.prepare('insert into t (v) values (?)');
  assert.equal(sqlite.prepare('insert into t (v) values (?)'), insert);
  insert.run('a');
  insert.run('b');
  const select = sqlite.prepare('select v from t order by id');
  assert.deepEqual(select.all(), [{ v: 'a' }, { v: 'b' }]);

  // A schema change: the cached statement re-prepares itself and sees the new column.
  sqlite.exec('alter table t add column w text');
  const selectAll = sqlite.prepare('select * from t order by id');
  assert.deepEqual(selectAll.all(), [
    { id: 1, v: 'a', w: null },
    { id: 2, v: 'b', w: null },
  ]);
  assert.deepEqual(sqlite.prepare('select v from t order by id').all(), [{ v: 'a' }, { v: 'b' }]);

  // Bounded: after 500 other statements the first one was dropped and is prepared anew.
  for (let i = 0; i < 500; i++) sqlite.prepare(`select ${i} as n`).get();
  assert.notEqual(sqlite.prepare('insert into t (v) values (?)'), insert);
  // A statement in use keeps its place (least recently used goes first).
  const kept = sqlite.prepare('select 1 as n');
  for (let i = 0; i < 10; i++) sqlite.prepare(`select ${1000 + i} as n`);
  assert.equal(sqlite.prepare('select 1 as n'), kept);

  // Everything else is the real database object.
  assert.equal(sqlite.inTransaction, false);
  assert.throws(() => sqlite.prepare('select * from missing'), /no such table/);
  sqlite.close();
  assert.equal(raw.open, false);
});
