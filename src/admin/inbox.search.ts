import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { ID_MASK, searchMatch, syncReviewSearch } from '../db/review-search.ts';
import type { WorkerTask } from '../worker/worker.ts';

/**
 * Once per search, before it reads the index: on SQLite the reviews written since the worker last
 * indexed go in first. Returns whether the last word is completed as a prefix (prefixLast).
 */
export async function prepareSearch(db: Db, dialect: DialectName, shopId: number, words: string[]): Promise<boolean> {
  if (dialect === 'sqlite' && words.length > 0) await syncReviewSearch(db);
  return prefixLast(db, dialect, shopId, words);
}

/** Indexes the reviews written since its last round (SQLite; nothing to do on PostgreSQL). */
export function reviewSearchTask(deps: { db: Db; dialect: DialectName }): WorkerTask {
  return {
    name: 'review-search-index',
    runDue: async () => (deps.dialect === 'sqlite' ? syncReviewSearch(deps.db) : 0),
  };
}

/**
 * Whether the last search word is completed as a prefix ("washing mach" finds "machine"). On
 * SQLite only when no review of the shop holds it as a word: a whole (stemmed) word is read a page
 * at a time in date order, while a prefix makes FTS5 gather every match of every completion first.
 * PostgreSQL always completes it.
 */
async function prefixLast(db: Db, dialect: DialectName, shopId: number, words: string[]): Promise<boolean> {
  if (dialect === 'postgres' || words.length === 0) return true;
  const found = await sql<{ one: number }>`select 1 as one from review_search where review_search match ${searchMatch(shopId, words.slice(-1), false)} limit 1`.execute(db);
  return found.rows.length === 0;
}

export interface SearchCandidate {
  /** searchBucket of the review's commented_at */
  bucket: number;
  id: number;
}

/**
 * Up to `limit` of the shop's matches in date order (newest first when `desc`), strictly beyond
 * `from` when given (inclusive of the whole bucket when `fromBucket` is given instead).
 */
export async function searchCandidates(db: Db, match: string, input: { desc: boolean; limit: number; after?: SearchCandidate; fromBucket?: number }): Promise<SearchCandidate[]> {
  const { desc, after, fromBucket } = input;
  // Parameters arrive as doubles: the key is computed from integer casts, past 2^53 a double would round it.
  const key = (bucket: number, id: number) => sql`(cast(${bucket} as integer) * 2147483648 + cast(${id} as integer))`;
  const bound = after
    ? sql`and rowid ${sql.raw(desc ? '<' : '>')} ${key(after.bucket, after.id)}`
    : fromBucket !== undefined
      ? sql`and rowid ${sql.raw(desc ? '<=' : '>=')} ${key(fromBucket, desc ? ID_MASK : 0)}`
      : sql``;
  const rows = await sql<SearchCandidate>`select rowid >> 31 as bucket, rowid & ${sql.lit(ID_MASK)} as id from review_search
    where review_search match ${match} ${bound} order by rowid ${sql.raw(desc ? 'desc' : 'asc')} limit ${input.limit}`.execute(db);
  return rows.rows.map((r) => ({ bucket: Number(r.bucket), id: Number(r.id) }));
}

/** The shop's matches counted up to `cap` + 1, from the index alone. */
export async function searchCount(db: Db, match: string, cap: number): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from (select rowid from review_search where review_search match ${match} limit ${cap + 1})`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
