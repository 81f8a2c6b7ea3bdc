import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';

// Disk full concerns the embedded SQLite database: this test uses SQLite on both CI passes.
delete process.env.TEST_DATABASE_URL;
const { buildTestApp } = await import('./helpers.ts');

/** A real size-limited file system (tmpfs, mounted as root), so writes meet ENOSPC as on a full disk. */
function mountSmallDisk(t: { after(fn: () => void): void }, megabytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'plaudit-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(dir);
    throw new Error(`this test mounts a ${megabytes} MB tmpfs and must run as root (the CI does): ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  t.after(() => {
    execFileSync('umount', ['-l', dir]);
    rmdirSync(dir);
  });
  return dir;
}

/** Fills the file system until ENOSPC; returns the filler's path (delete it to free the space). */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
  return path;
}

test('disk full on SQLite: writes fail with code 13, nothing is corrupted, reads keep working, writes recover when space returns', async (t) => {
  const dataDir = mountSmallDisk(t, 8);
  const { shopA, database, app } = await buildTestApp(t, { env: { DATA_DIR: dataDir } });
  const review = (i: number) => shopA.client.call<{ id: string }>('POST', 'create_review', { body: { product_id: '77', rating: 5, author: `Writer ${i}`, content: 'x'.repeat(9000) } });
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await review(i);
    assert.equal(res.code, 0, res.message);
    acknowledged.push(res.data.id);
  }

  const filler = fillDisk(dataDir);
  const codes = new Set<number>();
  let refused = 0;
  for (let i = 5; i < 400 && refused < 5; i++) {
    const res = await review(i);
    codes.add(res.code);
    if (res.code === 0) acknowledged.push(res.data.id);
    else {
      refused++;
      assert.equal(res.code, 13, res.message);
      assert.doesNotMatch(res.message, /SQLITE|disk|\/tmp\/|at .+:\d+/i, 'no internals in the message');
    }
  }
  assert.ok(refused >= 5, `writes were refused on the full disk (codes seen: ${[...codes].join(',')})`);

  // Reads keep working on the full disk, and see every acknowledged review.
  const listed = await shopA.client.call<{ page: { count: number } }>('GET', 'get_reviews', { query: { page_size: 1 } });
  assert.equal(listed.code, 0, listed.message);
  assert.equal(listed.data.page.count, acknowledged.length);
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
  assert.deepEqual(integrity.rows, [{ integrity_check: 'ok' }]);

  // Space returns: writes work again without a restart, and nothing acknowledged was lost.
  rmSync(filler);
  const after = await review(999);
  assert.equal(after.code, 0, after.message);
  acknowledged.push(after.data.id);
  const stored = (await database.db.selectFrom('reviews').select('id').where('shop_id', '=', shopA.shopId).execute()).map((r) => String(r.id));
  assert.deepEqual(stored.sort(), [...acknowledged].sort());
  const summary = await database.db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopA.shopId).where('subject', '=', '77').executeTakeFirstOrThrow();
  assert.equal(Number(summary.review_total), acknowledged.length, 'the rating counts exactly the stored reviews');
  assert.deepEqual((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db)).rows, [{ integrity_check: 'ok' }]);
});
