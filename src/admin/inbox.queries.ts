import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { ReviewWithProduct } from '../reviews/reviews.queries.ts';
import type { InboxFilter, Sort } from './inbox.filter.ts';
import { mediaHas, PHOTO_MARK, VIDEO_MARK } from '../db/media-marks.ts';
import { ALL_REVIEWS } from '../ratings/ratings.queries.ts';
import { ID_MASK, searchBucket, searchMatch } from '../db/review-search.ts';
import { searchCandidates, searchCount, type SearchCandidate } from './inbox.search.ts';

type Eb = ExpressionBuilder<Database & { products: Database['products'] }, 'reviews'>;

/** Full-text condition: the review_search FTS5 table on SQLite, the tsvector column on PostgreSQL; never LIKE. */
function searchCondition(shopId: number, words: string[], dialect: DialectName, prefix: boolean): Expression<SqlBool> {
  if (dialect === 'postgres') {
    const query = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
    return sql<SqlBool>`reviews.search_vector @@ to_tsquery('simple', ${query})`;
  }
  return sql<SqlBool>`reviews.id in (select rowid & ${sql.lit(ID_MASK)} from review_search where review_search match ${searchMatch(shopId, words, prefix)})`;
}

function mediaCondition(kind: 'photo' | 'video' | 'any' | 'none', dialect: DialectName): Expression<SqlBool> {
  if (kind === 'none') return sql<SqlBool>`reviews.media = '[]'`;
  if (kind === 'any') return sql<SqlBool>`reviews.media <> '[]'`;
  // The very expression of the partial indexes (migration 1730), so the database uses them.
  return mediaHas(dialect, kind === 'photo' ? PHOTO_MARK : VIDEO_MARK, 'reviews.media');
}

/** `prefix`: whether the last search word is completed (prepareSearch's answer). */
export function filterCondition(eb: Eb, shopId: number, filter: InboxFilter, dialect: DialectName, prefix = true): Expression<SqlBool> {
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
  if (filter.words.length > 0) all.push(searchCondition(shopId, filter.words, dialect, prefix));
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

function pageQuery(db: Db, dialect: DialectName, input: InboxPageInput, prefix: boolean) {
  let query = db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where((eb) => filterCondition(eb as unknown as Eb, input.shopId, input.filter, dialect, prefix));
  if (input.after) query = query.where((eb) => afterCursor(eb as unknown as Eb, input.sort, input.after!));
  for (const { column, desc } of SORT_KEYS[input.sort]) query = query.orderBy(column, desc ? 'desc' : 'asc');
  return query;
}

/** `prefix`: prepareSearch's answer for the filter's words. */
export async function inboxPage(db: Db, dialect: DialectName, input: InboxPageInput, prefix: boolean): Promise<ReviewWithProduct[]> {
  if (dialect === 'sqlite' && input.filter.words.length > 0 && (input.sort === 'newest' || input.sort === 'oldest')) {
    const page = await searchPageInDateOrder(db, input, searchMatch(input.shopId, input.filter.words, prefix));
    if (page) return page;
  }
  return (await pageQuery(db, dialect, input, prefix).limit(input.limit).execute()) as ReviewWithProduct[];
}

/** Candidates read before a search page gives up on date order (a rare extra filter) and lets SQLite plan it. */
const SEARCH_SCAN_LIMIT = 20_000;

/**
 * A search page read from the full-text index in date order, a growing batch of matches at a
 * time, each batch's reviews fetched by id through the other filters. Matches within one second
 * are in id order in the index, so a page is cut only where a second ends. Null past
 * SEARCH_SCAN_LIMIT candidates.
 */
async function searchPageInDateOrder(db: Db, input: InboxPageInput, match: string): Promise<ReviewWithProduct[] | null> {
  const desc = input.sort === 'newest';
  const found: ReviewWithProduct[] = [];
  let after: SearchCandidate | undefined;
  let batch = input.limit * 2;
  for (let scanned = 0; scanned < SEARCH_SCAN_LIMIT; batch = Math.min(batch * 4, 2_000)) {
    const candidates = await searchCandidates(db, match, { desc, limit: batch, ...(after ? { after } : input.after ? { fromBucket: searchBucket(input.after[0]!) } : {}) });
    scanned += candidates.length;
    if (candidates.length > 0) found.push(...(await candidateRows(db, input, candidates)));
    const exhausted = candidates.length < batch;
    after = candidates[candidates.length - 1];
    // Matches in the last candidate's second may still follow; every other second is complete.
    const complete = exhausted ? found : found.filter((r) => searchBucket(Number(r.commented_at)) !== after!.bucket);
    if (exhausted || complete.length >= input.limit) return complete.sort(desc ? newestFirst : oldestFirst).slice(0, input.limit);
  }
  return null;
}

/** The candidates' reviews that pass the other filters and the cursor, in no order. */
async function candidateRows(db: Db, input: InboxPageInput, candidates: SearchCandidate[]): Promise<ReviewWithProduct[]> {
  // The words were matched by the index. CROSS JOIN keeps SQLite from walking a shop index past a million rows instead of looking these ids up.
  const others = { ...input.filter, words: [] };
  let query = db
    .selectFrom(sql<{ value: number }>`json_each(${JSON.stringify(candidates.map((c) => c.id))})`.as('picked'))
    .crossJoin('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.id', '=', sql.ref<number>('picked.value'))
    .where((eb) => filterCondition(eb as unknown as Eb, input.shopId, others, 'sqlite'));
  if (input.after) query = query.where((eb) => afterCursor(eb as unknown as Eb, input.sort, input.after!));
  return (await query.execute()) as ReviewWithProduct[];
}

const newestFirst = (a: ReviewWithProduct, b: ReviewWithProduct) => Number(b.commented_at) - Number(a.commented_at) || Number(b.id) - Number(a.id);
const oldestFirst = (a: ReviewWithProduct, b: ReviewWithProduct) => -newestFirst(a, b);

/** Beyond this many matches the inbox says "10,000+" instead of counting every row. */
export const TOTAL_CAP = 10_000;

export interface InboxTotal {
  total: number;
  /** False when counting stopped: there are at least `total` matches (TOTAL_CAP, or see searchCountFiltered). */
  exact: boolean;
}

/**
 * The number of matches: exact from the rating summaries when the filter is one they hold (no
 * filter, a product, published reviews by stars), else counted up to TOTAL_CAP + 1 rows through
 * the filter's index, so a count costs at most that many index entries at any shop size.
 */
export async function inboxTotal(db: Db, dialect: DialectName, shopId: number, filter: InboxFilter, prefix: boolean): Promise<InboxTotal> {
  const fromSummary = await summaryTotal(db, shopId, filter);
  if (fromSummary !== null) return { total: fromSummary, exact: true };
  if (dialect === 'sqlite' && filter.words.length > 0) {
    const match = searchMatch(shopId, filter.words, prefix);
    if (onlyWords(filter)) return capped(await searchCount(db, match, TOTAL_CAP));
    return searchCountFiltered(db, shopId, filter, match);
  }
  return capped(await countUpToCap(db, dialect, shopId, filter, prefix));
}

const capped = (n: number): InboxTotal => (n > TOTAL_CAP ? { total: TOTAL_CAP, exact: false } : { total: n, exact: true });

/**
 * A search with other filters: its matches among the first SEARCH_SCAN_LIMIT hits of the words, each
 * looked up by id. When the words have more hits than that and fewer than TOTAL_CAP pass the other
 * filters, the total is what was found so far and not exact.
 */
async function searchCountFiltered(db: Db, shopId: number, filter: InboxFilter, match: string): Promise<InboxTotal> {
  const others = { ...filter, words: [] };
  const row = await db
    .selectFrom(
      db
        .selectFrom(sql<{ id: number }>`(select rowid & ${sql.lit(ID_MASK)} as id from review_search where review_search match ${match} limit ${SEARCH_SCAN_LIMIT})`.as('hits'))
        .crossJoin('reviews')
        .select(sql.lit(1).as('one'))
        .where('reviews.id', '=', sql.ref<number>('hits.id'))
        .where((eb) => filterCondition(eb as unknown as Eb, shopId, others, 'sqlite'))
        .limit(TOTAL_CAP + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  if (n > TOTAL_CAP) return { total: TOTAL_CAP, exact: false };
  return { total: n, exact: (await searchCount(db, match, SEARCH_SCAN_LIMIT)) <= SEARCH_SCAN_LIMIT };
}

const onlyWords = (filter: InboxFilter) =>
  filter.words.length > 0 &&
  filter.statuses.length === 0 &&
  filter.ratings.length === 0 &&
  !filter.media &&
  filter.productId === undefined &&
  filter.source === undefined &&
  filter.verified === undefined &&
  filter.from === undefined &&
  filter.to === undefined;

async function countUpToCap(db: Db, dialect: DialectName, shopId: number, filter: InboxFilter, prefix: boolean): Promise<number> {
  const row = await db
    .selectFrom(
      db
        .selectFrom('reviews')
        .select(sql.lit(1).as('one'))
        .where((eb) => filterCondition(eb as unknown as Eb, shopId, filter, dialect, prefix))
        .limit(TOTAL_CAP + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Summaries count every review of a subject (review_total) and published ones per star. */
async function summaryTotal(db: Db, shopId: number, filter: InboxFilter): Promise<number | null> {
  const onlySubjectAndStatus = filter.words.length === 0 && !filter.media && filter.source === undefined && filter.verified === undefined && filter.from === undefined && filter.to === undefined;
  if (!onlySubjectAndStatus) return null;
  const published = filter.statuses.length === 1 && filter.statuses[0] === 'published';
  if (!published && (filter.statuses.length > 0 || filter.ratings.length > 0)) return null;
  const summary = await db
    .selectFrom('rating_totals')
    .select(['review_total', 'star1', 'star2', 'star3', 'star4', 'star5'])
    .where('shop_id', '=', shopId)
    .where('subject', '=', filter.productId ?? ALL_REVIEWS)
    .executeTakeFirst();
  if (!summary) return 0;
  if (!published) return Number(summary.review_total);
  const stars = filter.ratings.length > 0 ? filter.ratings : [1, 2, 3, 4, 5];
  return stars.reduce((sum, star) => sum + Number(summary[`star${star}` as 'star1']), 0);
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
