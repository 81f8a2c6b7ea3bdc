import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * The tables behind the committed-read caches and the rating summaries have one writer each:
 * their feature's queries file. That file stamps reviews.updated_at (cached Review JSON is
 * validated by it) and keeps the rating summaries exact, so a write from anywhere else could
 * leave a cache or a rating wrong without any test noticing.
 */
const OWNER_OF: Record<string, string> = {
  reviews: 'src/reviews/reviews.queries.ts',
  rating_summaries: 'src/ratings/ratings.queries.ts',
  shops: 'src/shops/shops.queries.ts',
  products: 'src/products/products.queries.ts',
};

const ROOT = join(import.meta.dirname, '..', '..');
/** Production code: tests set up their own fixtures; migrations run before any cache exists. */
const SCANNED = ['src', 'scripts'];
const isScanned = (path: string) => /\.(ts|mts|mjs|js)$/.test(path) && !/\.test\.ts$/.test(path) && !path.startsWith('src/db/migrations/');

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (isScanned(relative(ROOT, path))) files.push(relative(ROOT, path));
    }
  };
  for (const dir of SCANNED) walk(join(ROOT, dir));
  return files.sort();
}

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The hot tables this source writes, through Kysely or in raw SQL. */
export function hotTablesWrittenBy(source: string): string[] {
  const code = withoutComments(source);
  return Object.keys(OWNER_OF).filter((table) => {
    const name = escape(table);
    const kysely = new RegExp(`\\.(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\\(\\s*['"\`]${name}(\\s+as\\s+\\w+)?['"\`]`);
    const raw = new RegExp(`\\b(insert\\s+(or\\s+\\w+\\s+)?into|replace\\s+into|update|delete\\s+from|merge\\s+into|truncate(\\s+table)?)\\s+["\`]?${name}["\`]?(\\s|\\(|$)`, 'i');
    return kysely.test(code) || raw.test(code);
  });
}

test("each hot table is written only by its feature's queries file", () => {
  const strays = sourceFiles().flatMap((file) =>
    hotTablesWrittenBy(readFileSync(join(ROOT, file), 'utf8'))
      .filter((table) => OWNER_OF[table] !== file)
      .map((table) => `${file} writes ${table} (only ${OWNER_OF[table]} may)`),
  );
  assert.deepEqual(strays, []);
});

test('the scan recognises writes through Kysely and raw SQL, and not reads or prose', () => {
  assert.deepEqual(hotTablesWrittenBy(`await trx.updateTable('reviews').set({ author: '' })`), ['reviews']);
  assert.deepEqual(hotTablesWrittenBy(`db\n  .insertInto("products as p")\n  .values(row)`), ['products']);
  assert.deepEqual(hotTablesWrittenBy(`db.deleteFrom(\n  'shops'\n)`), ['shops']);
  assert.deepEqual(hotTablesWrittenBy('await sql`UPDATE rating_summaries SET star1 = 0`.execute(db)'), ['rating_summaries']);
  assert.deepEqual(hotTablesWrittenBy('await sql`insert or replace into reviews (id) values (1)`.execute(db)'), ['reviews']);
  assert.deepEqual(hotTablesWrittenBy('sql`delete from "products" where id = 1`'), ['products']);
  assert.deepEqual(hotTablesWrittenBy(`db.selectFrom('reviews').innerJoin('shops', 'shops.id', 'reviews.shop_id')`), []);
  assert.deepEqual(hotTablesWrittenBy(`// we update reviews here\n/* then delete from shops */ const x = 1;`), []);
  assert.deepEqual(hotTablesWrittenBy(`db.updateTable('reviews_archive')`), []);
});

test('the rating delta and the freshness stamp are applied in one place', () => {
  const users = sourceFiles().filter((file) => /\bapplyRatingDelta\b/.test(withoutComments(readFileSync(join(ROOT, file), 'utf8'))));
  assert.deepEqual(users, ['src/ratings/ratings.queries.ts', 'src/reviews/reviews.queries.ts'], 'applyRatingDelta is called only by the reviews door');
  const door = withoutComments(readFileSync(join(ROOT, OWNER_OF.reviews!), 'utf8'));
  const updates = door.match(/\.updateTable\(\s*'reviews'\s*\)[^;]*/g) ?? [];
  assert.equal(updates.length, 1, 'one UPDATE of reviews, in updateReviews');
  assert.match(updates[0]!, /updated_at: nextUpdatedAt\(now\)/);
  assert.doesNotMatch(door, /export\s+(const|function)\s+nextUpdatedAt/, 'the stamp is not for other files to apply');
});
