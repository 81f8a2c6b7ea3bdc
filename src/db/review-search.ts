import { sql } from 'kysely';
import type { Db } from './database.ts';
/**
 * SQLite's full-text index of reviews (migration 1740): an FTS5 table whose rowid is a key in
 * date order, (second of commented_at) × 2^31 + review id, so "newest matches first" reads the
 * index in rowid order and stops after a page instead of collecting every match. A `shop`
 * column holds one token per review ("s<shop id>"), so the shop is part of the match and a
 * count of a shop's matches needs no row lookups. A review id past 2^31 - 1 (two billion reviews)
 * would share a key with another review, so such a review is not indexed rather than break the index.
 *
 * Writing one review into an FTS5 index costs as much as the rest of its insert (FTS5 writes a
 * segment per transaction), so review writes only note the review in review_search_pending and
 * syncReviewSearch indexes the noted reviews in batches: before every search, so a search sees
 * every committed review, and from the worker, so that is rarely more than a second's writes.
 */
export const ID_MASK = 2147483647;
const BUCKET_MIN = -2147483648;
const BUCKET_MAX = 2147483647;

/** The key of a row of `reviews` as SQL (trigger rows `new`/`old`, or `reviews`). */
export const searchKeySql = (row: string) => `(max(min(cast(${row}.commented_at / 1000 as integer), ${BUCKET_MAX}), ${BUCKET_MIN}) * 2147483648 + ${row}.id)`;

/** The key's high part for a commented_at, exactly as searchKeySql computes it. */
export const searchBucket = (commentedAt: number) => Math.max(Math.min(Math.trunc(commentedAt / 1000), BUCKET_MAX), BUCKET_MIN);

/** The values a review row gives the table's columns, as SQL (shop token first). */
export const searchColumnsSql = (row: string) => `'s' || ${row}.shop_id, ${row}.author, ${row}.title, ${row}.content, coalesce(${row}.reply_content, '')`;

/**
 * An FTS5 query for a shop's reviews holding every word (letters and digits only, so quoting is
 * enough); `prefixLast` completes the last word. Words never match the shop column.
 */
export function searchMatch(shopId: number, words: string[], prefixLast: boolean): string {
  const terms = words.map((w, i) => `"${w}"${prefixLast && i === words.length - 1 ? '*' : ''}`).join(' ');
  return `shop : "s${shopId}" AND {author title content reply_content} : (${terms})`;
}

/** Reviews indexed per transaction by syncReviewSearch. */
const SYNC_BATCH = 5_000;

/** Brings the index up to date with every noted review (SQLite); returns how many were noted. */
export async function syncReviewSearch(db: Db): Promise<number> {
  let synced = 0;
  // A cheap read first: most calls (every search, every worker round) find nothing to do.
  while ((await sql`select 1 as one from review_search_pending limit 1`.execute(db)).rows.length > 0) {
    // The notes are read inside the write transaction: a concurrent sync (the worker and a search) then
    // waits and finds them gone, instead of indexing the same reviews twice.
    synced += await db.transaction().execute(async (trx) => {
      const noted = await sql<{ review_id: number; indexed: number }>`select review_id, indexed_key is not null as indexed from review_search_pending order by review_id limit ${SYNC_BATCH}`.execute(
        trx,
      );
      const ids = JSON.stringify(noted.rows.map((r) => Number(r.review_id)));
      // One point delete per review: a key is past 2^53, so it never leaves SQLite.
      for (const { review_id: id } of noted.rows.filter((r) => r.indexed))
        await sql`delete from review_search where rowid = (select indexed_key from review_search_pending where review_id = ${id} and indexed_key is not null)`.execute(trx);
      await sql`insert into review_search(rowid, shop, author, title, content, reply_content)
        select ${sql.raw(searchKeySql('reviews'))}, ${sql.raw(searchColumnsSql('reviews'))}
        from json_each(${ids}) as noted cross join reviews where reviews.id = noted.value and reviews.id <= ${sql.lit(ID_MASK)} order by 1`.execute(trx);
      await sql`delete from review_search_pending where review_id in (select value from json_each(${ids}))`.execute(trx);
      return noted.rows.length;
    });
  }
  return synced;
}
