import { CompiledQuery, sql } from 'kysely';
import type { Db, DbHandle } from '../src/db/database.ts';
import type { Clock } from '../src/lib/clock.ts';
import type { SecretBox } from '../src/lib/crypto.ts';
import { syncReviewSearch } from '../src/db/review-search.ts';
import { subjectsOf } from '../src/ratings/ratings.queries.ts';
import type { NewReviewRow } from '../src/reviews/reviews.table.ts';
import { findShopByDomain } from '../src/shops/shops.queries.ts';
import { createShop, normaliseDomain, type ShopCredentials } from '../src/shops/shops.service.ts';
import { productRows, reviewGenerator } from './reviews-generator.ts';

export interface SeedOptions {
  reviews: number;
  domain: string;
  seed?: number;
  /** Reviews per transaction; rating summaries are brought up to date in each one. */
  transactionRows?: number;
  onProgress?: (inserted: number) => void;
}

export interface SeedResult {
  shopId: number;
  /** Only when the shop was created by this run (an existing shop's private token is not readable back). */
  credentials: ShopCredentials | null;
  inserted: number;
  published: number;
}

const ROWS_PER_STATEMENT = 500;

/**
 * Fills a shop with generated reviews over 1,000 products using multi-row inserts in big
 * transactions. Each transaction also adds its reviews' star counts to rating_summaries, so
 * the summaries equal a recount after every commit, including for a shop that already had reviews.
 */
export async function seedShop(database: DbHandle, deps: { clock: Clock; secrets: SecretBox }, options: SeedOptions): Promise<SeedResult> {
  const { db, dialect } = database;
  const now = deps.clock.now();
  const domain = normaliseDomain(options.domain);
  const existing = await findShopByDomain(db, domain);
  const credentials = existing ? null : await createShop({ db, ...deps }, { domain, name: 'Bench shop' });
  const shopId = existing ? existing.id : Number(credentials!.shop_id);
  await db
    .insertInto('products')
    .values(productRows(shopId, now))
    .onConflict((oc) => oc.columns(['shop_id', 'product_id']).doNothing())
    .execute();

  const restore = dialect === 'sqlite' ? await tuneSqliteForBulkLoad(db) : async () => {};
  const next = reviewGenerator({ shopId, now, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const perTransaction = options.transactionRows ?? 100_000;
  let inserted = 0;
  let published = 0;
  try {
    while (inserted < options.reviews) {
      const rows = Array.from({ length: Math.min(perTransaction, options.reviews - inserted) }, next);
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          await trx.executeQuery(insertReviews(rows.slice(i, i + ROWS_PER_STATEMENT), dialect));
        }
        await addToRatingSummaries(trx, shopId, rows, now);
      });
      // As the worker would: the full-text index takes the new reviews in batches.
      if (dialect === 'sqlite') await syncReviewSearch(db);
      inserted += rows.length;
      published += rows.filter((r) => r.is_published === 1).length;
      options.onProgress?.(inserted);
    }
  } finally {
    await restore();
  }
  return { shopId, credentials, inserted, published };
}

const REVIEW_COLUMNS = [
  'shop_id',
  'product_id',
  'order_id',
  'rating',
  'author',
  'author_email',
  'author_phone',
  'author_country',
  'title',
  'content',
  'commented_at',
  'item_type',
  'source',
  'tag',
  'is_verified',
  'is_featured',
  'is_published',
  'is_top',
  'media',
  'reply_content',
  'reply_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof NewReviewRow)[];

const statementText = new Map<string, string>();

/** One `insert … values (…), (…)` for the rows; the text is built once per (dialect, row count). */
function insertReviews(rows: NewReviewRow[], dialect: DbHandle['dialect']): CompiledQuery {
  const key = `${dialect}:${rows.length}`;
  let text = statementText.get(key);
  if (!text) {
    let n = 0;
    const placeholder = () => (dialect === 'postgres' ? `$${++n}` : '?');
    const tuples = rows.map(() => `(${REVIEW_COLUMNS.map(placeholder).join(',')})`);
    text = `insert into reviews (${REVIEW_COLUMNS.join(',')}) values ${tuples.join(',')}`;
    statementText.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of REVIEW_COLUMNS) parameters.push(row[column] ?? null);
  return CompiledQuery.raw(text, parameters);
}

/** The same per-subject arithmetic as applyRatingDelta, summed over many reviews. */
async function addToRatingSummaries(db: Db, shopId: number, rows: NewReviewRow[], now: number) {
  const totals = new Map<string, { stars: number[]; sum: number; reviews: number }>();
  for (const row of rows) {
    for (const subject of subjectsOf(row.product_id)) {
      let total = totals.get(subject);
      if (!total) totals.set(subject, (total = { stars: [0, 0, 0, 0, 0], sum: 0, reviews: 0 }));
      total.reviews += 1;
      if (row.is_published !== 1) continue;
      total.stars[row.rating - 1]! += 1;
      total.sum += row.rating;
    }
  }
  const values = [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([subject, { stars, sum, reviews }]) => ({
      shop_id: shopId,
      subject,
      star1: stars[0]!,
      star2: stars[1]!,
      star3: stars[2]!,
      star4: stars[3]!,
      star5: stars[4]!,
      rating_sum: sum,
      review_total: reviews,
      updated_at: now,
    }));
  const add = (column: string) => sql<number>`${sql.ref(`rating_summaries.${column}`)} + ${sql.ref(`excluded.${column}`)}`;
  for (let i = 0; i < values.length; i += 200) {
    await db
      .insertInto('rating_summaries')
      .values(values.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['shop_id', 'subject', 'shard']).doUpdateSet({
          star1: add('star1'),
          star2: add('star2'),
          star3: add('star3'),
          star4: add('star4'),
          star5: add('star5'),
          rating_sum: add('rating_sum'),
          review_total: add('review_total'),
          updated_at: now,
        }),
      )
      .execute();
  }
}

/** Bulk-load settings for this connection only; the returned function puts the previous ones back. */
async function tuneSqliteForBulkLoad(db: Db): Promise<() => Promise<void>> {
  const read = async (name: string) => {
    const result = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db);
    return Object.values(result.rows[0] ?? {})[0];
  };
  const synchronous = await read('synchronous');
  const cacheSize = await read('cache_size');
  await sql.raw('pragma synchronous = OFF').execute(db);
  await sql.raw('pragma cache_size = -262144').execute(db);
  return async () => {
    await sql.raw(`pragma synchronous = ${Number(synchronous)}`).execute(db);
    await sql.raw(`pragma cache_size = ${Number(cacheSize)}`).execute(db);
    await sql.raw('pragma wal_checkpoint(TRUNCATE)').execute(db);
  };
}
