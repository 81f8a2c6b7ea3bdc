import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Why an unpublished review is hidden (null: pending moderation), indexes for the console's
 * inbox, and full-text search over author, title, content and reply: an FTS5 table kept in
 * sync by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('hide_reason', 'text').execute();
  await db.schema.createIndex('reviews_shop_published_commented').on('reviews').columns(['shop_id', 'is_published', 'commented_at', 'id']).execute();
  await db.schema.createIndex('reviews_shop_rating_commented').on('reviews').columns(['shop_id', 'rating', 'commented_at', 'id']).execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table reviews add column search_vector tsvector generated always as (
      to_tsvector('simple', author || ' ' || title || ' ' || content || ' ' || coalesce(reply_content, ''))) stored`.execute(db);
    await sql`create index reviews_search on reviews using gin (search_vector)`.execute(db);
    return;
  }
  await sql`create virtual table reviews_fts using fts5(author, title, content, reply_content,
    content='reviews', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
  await sql`insert into reviews_fts(reviews_fts) values ('rebuild')`.execute(db);
  await sql`create trigger reviews_fts_insert after insert on reviews begin
    insert into reviews_fts(rowid, author, title, content, reply_content)
    values (new.id, new.author, new.title, new.content, coalesce(new.reply_content, ''));
  end`.execute(db);
  await sql`create trigger reviews_fts_delete after delete on reviews begin
    insert into reviews_fts(reviews_fts, rowid, author, title, content, reply_content)
    values ('delete', old.id, old.author, old.title, old.content, coalesce(old.reply_content, ''));
  end`.execute(db);
  await sql`create trigger reviews_fts_update after update of author, title, content, reply_content on reviews begin
    insert into reviews_fts(reviews_fts, rowid, author, title, content, reply_content)
    values ('delete', old.id, old.author, old.title, old.content, coalesce(old.reply_content, ''));
    insert into reviews_fts(rowid, author, title, content, reply_content)
    values (new.id, new.author, new.title, new.content, coalesce(new.reply_content, ''));
  end`.execute(db);
}
