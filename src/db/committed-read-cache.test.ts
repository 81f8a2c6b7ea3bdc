import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { sql } from 'kysely';
import { openTestDatabase } from '../../test/helpers.ts';
import { CommittedReadCache } from './committed-read-cache.ts';
import { commitVersionOf } from './database.ts';

test('calls that learn the same version share one read, even while it runs; a failed read is not kept; a commit starts a new read', async (t) => {
  const { database } = await openTestDatabase(t);
  const { db } = database;
  await sql`create table cache_t (v integer not null)`.execute(db);
  await sql`insert into cache_t (v) values (1)`.execute(db);
  const cache = new CommittedReadCache<number>(10);
  let reads = 0;
  const readV = async () => {
    reads++;
    return (await sql<{ v: number }>`select v from cache_t`.execute(db)).rows[0]!.v;
  };
  // PostgreSQL opens the version check's connection at the first cached read, and reads meanwhile.
  for (let i = 0; commitVersionOf(db) && commitVersionOf(db)!.next() === undefined; i++) {
    assert.ok(i < 500, 'the check connection opens');
    await setTimeout(10);
  }
  await cache.get(db, 'warm', readV);
  reads = 0;

  assert.deepEqual(await Promise.all([cache.get(db, 'v', readV), cache.get(db, 'v', readV), cache.get(db, 'v', readV)]), [1, 1, 1]);
  // On PostgreSQL the first call has a check of its own and the two others share the next: other
  // tests' commits on the same server may come between the two.
  assert.ok(reads === 1 || (database.dialect === 'postgres' && reads === 2), `${reads} reads for three concurrent calls`);
  assert.equal(await cache.get(db, 'v', readV), 1);
  assert.equal(reads, 1, 'and none for the next call while nothing was committed');

  const failing = () => Promise.reject(new Error('read failed'));
  await assert.rejects(cache.get(db, 'f', failing), /read failed/);
  assert.equal(await cache.get(db, 'f', readV), 1, 'a failed read is not kept');

  await sql`update cache_t set v = 2`.execute(db);
  reads = 0;
  assert.deepEqual(await Promise.all([cache.get(db, 'v', readV), cache.get(db, 'v', readV)]), [2, 2]);
  assert.ok(reads === 1 || (database.dialect === 'postgres' && reads === 2), `after a commit: ${reads} new reads for two calls`);
});
