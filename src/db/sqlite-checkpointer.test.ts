import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { WalCheckpointer, WRITER_BACKSTOP_PAGES } from './sqlite-checkpointer.ts';

const autocheckpointOf = (db: SQLite.Database) => db.pragma('wal_autocheckpoint', { simple: true }) as number;

test('once the log passes 1,000 pages, a thread copies it into the database file while the writer keeps committing; closing stops it and keeps every row', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-checkpointer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'test.db');
  const writer = new SQLite(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.exec('create table blobs (id integer primary key, data blob not null)');
  const checkpointer = new WalCheckpointer(path, writer, 'FULL');
  const insert = writer.prepare('insert into blobs (data) values (?)');
  let rows = 0;
  const commitOne = () => {
    insert.run(randomBytes(8192)); // three pages: a leaf and two overflow pages
    rows++;
    checkpointer.committed();
  };

  // A small log: no thread, SQLite checkpoints in the writer as it always does.
  for (let i = 0; i < 100; i++) commitOne();
  assert.equal(autocheckpointOf(writer), 1000);

  // Past 1,000 pages the thread starts and the writer's own threshold becomes the backstop.
  for (let i = 0; i < 1000 && autocheckpointOf(writer) === 1000; i++) commitOne();
  assert.equal(autocheckpointOf(writer), WRITER_BACKSTOP_PAGES);

  // Three hundred more pages: far below the writer's threshold, so only the thread can have copied them.
  const databaseBytes = statSync(path).size;
  for (let i = 0; i < 100; i++) commitOne();
  const deadline = Date.now() + 10_000;
  while (statSync(path).size < databaseBytes + 100 * 8192 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(statSync(path).size >= databaseBytes + 100 * 8192, `the database file grew from ${databaseBytes} to ${statSync(path).size} bytes`);

  await checkpointer.close();
  writer.close();
  const reopened = new SQLite(path, { readonly: true });
  t.after(() => reopened.close());
  assert.equal(reopened.prepare('select count(*) from blobs').pluck().get(), rows);
});

test('a database that sees few commits never starts the thread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-checkpointer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'test.db');
  const writer = new SQLite(path);
  t.after(() => writer.close());
  writer.pragma('journal_mode = WAL');
  writer.exec('create table notes (id integer primary key, text text not null)');
  const checkpointer = new WalCheckpointer(path, writer, 'FULL');
  for (let i = 0; i < 200; i++) {
    writer.prepare('insert into notes (text) values (?)').run(`note ${i}`);
    checkpointer.committed();
  }
  assert.equal(autocheckpointOf(writer), 1000);
  await checkpointer.close();
});
