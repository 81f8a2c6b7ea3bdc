import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openTestDatabase } from '../../test/helpers.ts';
import { compiledOnce } from './compiled.ts';
import type { Db } from './database.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const skip = !pgUrl && 'PostgreSQL only (TEST_DATABASE_URL)';

// A table of this test's own, outside the app's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (db: Db) => db as any;
const rowsOfT = compiledOnce((db, { min }: { min: number }) => untyped(db).selectFrom('prepared_t').selectAll().where('v', '>=', min).orderBy('v'));

/** The named statements this connection holds. */
const preparedNames = async (db: Db) => (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db)).rows;

test('compiled queries run as named prepared statements: prepared once per connection, with each call its own values', { skip }, async (t) => {
  const { database } = await openTestDatabase(t);
  await sql`create table prepared_t (v integer not null)`.execute(database.db);
  await sql`insert into prepared_t (v) values (1), (2), (3)`.execute(database.db);
  await database.db.connection().execute(async (connection) => {
    assert.deepEqual(await rowsOfT(connection, { min: 2 }), [{ v: 2 }, { v: 3 }]);
    assert.deepEqual(await rowsOfT(connection, { min: 3 }), [{ v: 3 }]);
    const named = (await preparedNames(connection)).filter((p) => p.statement.includes('prepared_t'));
    assert.equal(named.length, 1, JSON.stringify(named));
    assert.match(named[0]!.name, /^plaudit_\d+$/);
    // Other queries still run unnamed.
    await sql`select v from prepared_t where v = ${1}`.execute(connection);
    assert.equal((await preparedNames(connection)).filter((p) => p.statement.includes('prepared_t')).length, 1);
  });
});

test('a migration that changes a table under a prepared select * fails its next run once, then the text is prepared afresh', { skip }, async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  await sql`create table prepared_t (v integer not null)`.execute(db);
  await sql`insert into prepared_t (v) values (1)`.execute(db);
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
  await db.connection().execute(async (connection) => {
    assert.deepEqual(await rowsOfT(connection, { min: 0 }), [{ v: 1 }]);
    // Another process migrates the table.
    const other = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
    await other.connect();
    await other.query(`alter table prepared_t add column w integer not null default 7`);
    await other.end();
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await rowsOfT(connection, { min: 0 }).then(
          (rows) => JSON.stringify(rows),
          (error: Error) => `error: ${error.message}`,
        ),
      );
    }
    // PostgreSQL may also re-plan on its own; either way, from the second run on the rows have the new column.
    assert.deepEqual(outcomes.slice(1), [JSON.stringify([{ v: 1, w: 7 }]), JSON.stringify([{ v: 1, w: 7 }])], outcomes.join('\n'));
    assert.ok(outcomes[0] === JSON.stringify([{ v: 1, w: 7 }]) || /cached plan must not change result type/.test(outcomes[0]!), outcomes[0]);
  });
});
