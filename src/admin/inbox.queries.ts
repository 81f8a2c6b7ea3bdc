import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { ReviewWithProduct } from '../reviews/reviews.queries.ts';
import type { InboxFilter, Sort } from './inbox.filter.ts';
import { mediaHas, PHOTO_MARK, VIDEO_MARK } from '../db/media-marks.ts';
import { ALL_REVIEWS } from '../ratings/ratings.queries.ts';

type Eb = ExpressionBuilder<Database & { products: Database['products'] }, 'reviews'>;

/** Full-text condition: FTS5 on SQLite, the tsvector column on PostgreSQL; never LIKE. */
function searchCondition(words: string[], dialect: DialectName): Expression<SqlBool> {
  if (dialect === 'postgres') {
    const query = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
    return sql<SqlBool>`reviews.search_vector @@ to_tsquery('simple', ${query})`;
  }
  const match = words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
  return sql<SqlBool>`reviews.id in (select rowid from reviews_fts where reviews_fts match ${match})`;
}

function mediaCondition(kind: 'photo' | 'video' | 'any' | 'none', dialect: DialectName): Expression<SqlBool> {
  if (kind === 'none') return sql<SqlBool>`reviews.media = '[]'`;
  if (kind === 'any') return sql<SqlBool>`reviews.media <> '[]'`;
  // The very expression of the partial indexes (migration 1730), so the database uses them.
  return mediaHas(dialect, kind === 'photo' ? PHOTO_MARK : VIDEO_MARK, 'reviews.media');
}

export function filterCondition(eb: Eb, shopId: number, filter: InboxFilter, dialect: DialectName): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('reviews.shop_id', '=', shopId)];
  if (filter.statuses.length > 0) {
    all.push(
      eb.or(
        filter.statuses.map((status) => {
          if (status === 'published') return eb('reviews.is_published', '=', sql.lit(1));
          // A literal 0, not a parameter: the partial index of unpublished reviews (migration 1730) is used only then.
          const unpublished = eb('reviews.is_published', '=', sql.lit(0));
          if (status === 'pending') return eb.and([unpublished, eb('reviews.hide_reason', 'is', null)]);
          if (status === 'spam') return eb.and([unpublished, eb('reviews.hide_reason', '=', 'spam')]);
          return eb.and([unpublished, eb('reviews.hide_reason', 'is not', null), eb('reviews.hide_reason', '!=', 'spam')]);
        }),
      ),
    );
  }
  if (filter.ratings.length > 0) all.push(eb('reviews.rating', 'in', filter.ratings));
  if (filter.media) all.push(mediaCondition(filter.media, dialect));
  if (filter.productId !== undefined) all.push(eb('reviews.product_id', '=', filter.productId));
  if (filter.source !== undefined) all.push(eb('reviews.source', '=', filter.source));
  if (filter.verified !== undefined) all.push(eb('reviews.is_verified', '=', filter.verified ? 1 : 0));
  if (filter.from !== undefined) all.push(eb('reviews.commented_at', '>=', filter.from));
  if (filter.to !== undefined) all.push(eb('reviews.commented_at', '<', filter.to));
  if (filter.words.length > 0) all.push(searchCondition(filter.words, dialect));
  return eb.and(all);
}

/** The sort as key columns with directions; the cursor holds the last item's values of these. */
const SORT_KEYS: Record<Sort, { column: 'reviews.rating' | 'reviews.commented_at' | 'reviews.id'; desc: boolean }[]> = {
  newest: [
    { column: 'reviews.commented_at', desc: true },
    { column: 'reviews.id', desc: true },
  ],
  oldest: [
    { column: 'reviews.commented_at', desc: false },
    { column: 'reviews.id', desc: false },
  ],
  rating_desc: [
    { column: 'reviews.rating', desc: true },
    { column: 'reviews.commented_at', desc: true },
    { column: 'reviews.id', desc: true },
  ],
  rating_asc: [
    { column: 'reviews.rating', desc: false },
    { column: 'reviews.commented_at', desc: true },
    { column: 'reviews.id', desc: true },
  ],
};

export const sortKeyLength = (sort: Sort) => SORT_KEYS[sort].length;
export const sortKeyOf = (sort: Sort, row: ReviewWithProduct): number[] => SORT_KEYS[sort].map(({ column }) => Number(row[column.slice('reviews.'.length) as 'rating' | 'commented_at' | 'id']));

/** Rows after the cursor in sort order: (a after A) or (a = A and (b after B or (b = B and …))). */
function afterCursor(eb: Eb, sort: Sort, values: number[]): Expression<SqlBool> {
  const keys = SORT_KEYS[sort];
  const build = (i: number): Expression<SqlBool> => {
    const { column, desc } = keys[i]!;
    const beyond = eb(column, desc ? '<' : '>', values[i]!);
    if (i === keys.length - 1) return beyond;
    return eb.or([beyond, eb.and([eb(column, '=', values[i]!), build(i + 1)])]);
  };
  return build(0);
}

export interface InboxPageInput {
  shopId: number;
  filter: InboxFilter;
  sort: Sort;
  limit: number;
  after?: number[];
}

export async function inboxPage(db: Db, dialect: DialectName, input: InboxPageInput): Promise<ReviewWithProduct[]> {
  let query = db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where((eb) => filterCondition(eb as unknown as Eb, input.shopId, input.filter, dialect));
  if (input.after) query = query.where((eb) => afterCursor(eb as unknown as Eb, input.sort, input.after!));
  for (const { column, desc } of SORT_KEYS[input.sort]) query = query.orderBy(column, desc ? 'desc' : 'asc');
  return (await query.limit(input.limit).execute()) as ReviewWithProduct[];
}

/** Beyond this many matches the inbox says "10,000+" instead of counting every row. */
export const TOTAL_CAP = 10_000;

export interface InboxTotal {
  total: number;
  /** False when there are more than TOTAL_CAP matches and `total` is TOTAL_CAP. */
  exact: boolean;
}

/**
 * The number of matches: exact from the rating summaries when the filter is one they hold (no
 * filter, a product, published reviews by stars), else counted up to TOTAL_CAP + 1 rows through
 * the filter's index, so a count costs at most that many index entries at any shop size.
 */
export async function inboxTotal(db: Db, dialect: DialectName, shopId: number, filter: InboxFilter): Promise<InboxTotal> {
  const fromSummary = await summaryTotal(db, shopId, filter);
  if (fromSummary !== null) return { total: fromSummary, exact: true };
  const row = await db
    .selectFrom(
      db
        .selectFrom('reviews')
        .select(sql.lit(1).as('one'))
        .where((eb) => filterCondition(eb as unknown as Eb, shopId, filter, dialect))
        .limit(TOTAL_CAP + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > TOTAL_CAP ? { total: TOTAL_CAP, exact: false } : { total: n, exact: true };
}

/** Summaries count every review of a subject (review_total) and published ones per star. */
async function summaryTotal(db: Db, shopId: number, filter: InboxFilter): Promise<number | null> {
  const onlySubjectAndStatus = filter.words.length === 0 && !filter.media && filter.source === undefined && filter.verified === undefined && filter.from === undefined && filter.to === undefined;
  if (!onlySubjectAndStatus) return null;
  const published = filter.statuses.length === 1 && filter.statuses[0] === 'published';
  if (!published && (filter.statuses.length > 0 || filter.ratings.length > 0)) return null;
  const summary = await db
    .selectFrom('rating_summaries')
    .select(['review_total', 'star1', 'star2', 'star3', 'star4', 'star5'])
    .where('shop_id', '=', shopId)
    .where('subject', '=', filter.productId ?? ALL_REVIEWS)
    .executeTakeFirst();
  if (!summary) return 0;
  if (!published) return Number(summary.review_total);
  const stars = filter.ratings.length > 0 ? filter.ratings : [1, 2, 3, 4, 5];
  return stars.reduce((sum, star) => sum + Number(summary[`star${star}` as 'star1']), 0);
}

/** Ids of every review matching the filter (a bulk job's selection), in id order. */
export async function matchingIds(db: Db, dialect: DialectName, shopId: number, filter: InboxFilter, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('reviews')
    .select('reviews.id')
    .where((eb) => filterCondition(eb as unknown as Eb, shopId, filter, dialect))
    .where('reviews.id', '>', afterId)
    .orderBy('reviews.id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Reviews of the shop created or changed after (updated_at, id), oldest change first. */
export async function changedSince(db: Db, shopId: number, since: { at: number; id: number }, limit: number): Promise<ReviewWithProduct[]> {
  return (await db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.shop_id', '=', shopId)
    .where((eb) => eb.or([eb('reviews.updated_at', '>', since.at), eb.and([eb('reviews.updated_at', '=', since.at), eb('reviews.id', '>', since.id)])]))
    .orderBy('reviews.updated_at')
    .orderBy('reviews.id')
    .limit(limit)
    .execute()) as ReviewWithProduct[];
}

export async function latestChange(db: Db, shopId: number): Promise<{ at: number; id: number }> {
  const row = await db.selectFrom('reviews').select(['updated_at', 'id']).where('shop_id', '=', shopId).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { at: Number(row.updated_at), id: Number(row.id) } : { at: 0, id: 0 };
}
