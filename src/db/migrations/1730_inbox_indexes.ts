import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { PHOTO_MARK, VIDEO_MARK, mediaHas } from '../media-marks.ts';

/**
 * Indexes for the console inbox at a million reviews: each one-filter first page and its capped
 * count read an index in the page's order instead of scanning the shop's reviews. Unpublished
 * statuses (pending, spam, hidden) need hide_reason, in a partial index of unpublished reviews only;
 * rating_asc sorts lowest stars first but newest first within a star, which an all-ascending index
 * cannot give in one pass. Photos and videos get partial indexes over the same expression the
 * inbox filters with (src/db/media-marks.ts). Every index costs each review insert: the partial
 * ones are written only for the reviews they hold, and a redundant one is dropped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  // Only unpublished reviews (a few percent) are in it: pending, spam and hidden pages and counts.
  await sql`create index reviews_shop_unpublished on reviews (shop_id, hide_reason, commented_at, id) where is_published = 0`.execute(db);
  // A prefix of reviews_shop_updated_id (1105): every review insert paid for both.
  await db.schema.dropIndex('reviews_shop_updated').execute();
  await db.schema.createIndex('reviews_shop_source_commented').on('reviews').columns(['shop_id', 'source', 'commented_at', 'id']).execute();
  await db.schema.createIndex('reviews_shop_verified_commented').on('reviews').columns(['shop_id', 'is_verified', 'commented_at', 'id']).execute();
  await sql`create index reviews_shop_rating_asc on reviews (shop_id, rating, commented_at desc, id desc)`.execute(db);
  await sql`create index reviews_shop_photos on reviews (shop_id, commented_at, id) where ${mediaHas(dialect, PHOTO_MARK, 'media')}`.execute(db);
  await sql`create index reviews_shop_videos on reviews (shop_id, commented_at, id) where ${mediaHas(dialect, VIDEO_MARK, 'media')}`.execute(db);
}
