import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { ID_MASK, searchColumnsSql, searchKeySql } from '../review-search.ts';

/**
 * SQLite full-text search in date order (src/db/review-search.ts): replaces reviews_fts, whose
 * rowid was the review id, so a search for a common word had to collect every match before the
 * newest could be shown. Words are stemmed (Porter: "stitch" finds "stitching"), accents folded.
 * Contentless: the text stays only in `reviews`. Rebuilding takes about 35 s per million reviews.
 * Review writes no longer touch the index: their triggers note the review in
 * review_search_pending (with the key it has in the index, if any), and the index takes the noted
 * reviews in batches (syncReviewSearch), before any search and from the worker.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  for (const trigger of ['reviews_fts_insert', 'reviews_fts_delete', 'reviews_fts_update']) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  await sql`drop table if exists reviews_fts`.execute(db);
  await sql`create virtual table review_search using fts5(shop, author, title, content, reply_content,
    content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql
    .raw(`insert into review_search(rowid, shop, author, title, content, reply_content) select ${searchKeySql('reviews')}, ${searchColumnsSql('reviews')} from reviews where id <= ${ID_MASK}`)
    .execute(db);
  await sql`insert into review_search(review_search) values ('optimize')`.execute(db);
  await sql`create table review_search_pending (review_id integer primary key, indexed_key integer)`.execute(db);
  // The first note of a review wins: its indexed_key is what the index holds (null: nothing yet).
  await sql`create trigger review_search_insert after insert on reviews begin
    insert or ignore into review_search_pending(review_id, indexed_key) values (new.id, null);
  end`.execute(db);
  await sql
    .raw(
      `create trigger review_search_delete after delete on reviews begin
    insert or ignore into review_search_pending(review_id, indexed_key) values (old.id, ${searchKeySql('old')});
  end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger review_search_update after update of shop_id, commented_at, author, title, content, reply_content on reviews begin
    insert or ignore into review_search_pending(review_id, indexed_key) values (old.id, ${searchKeySql('old')});
  end`,
    )
    .execute(db);
}
