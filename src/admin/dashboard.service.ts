import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { escapeLike, likeOperator } from '../db/dialect.ts';
import { badInput } from './admin.problems.ts';
import { filterCondition } from './inbox.queries.ts';
import { parseInboxFilter } from './inbox.filter.ts';
import { reviewItem } from './inbox.service.ts';
import type { ReviewWithProduct } from '../reviews/reviews.queries.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const WEEKS = 52;

const averageOf = (row: { star1: number; star2: number; star3: number; star4: number; star5: number } | undefined) => {
  if (!row) return { average: 0, count: 0 };
  const stars = [row.star1, row.star2, row.star3, row.star4, row.star5].map(Number);
  const count = stars.reduce((a, b) => a + b, 0);
  const sum = stars.reduce((a, c, i) => a + c * (i + 1), 0);
  return { average: count === 0 ? 0 : Math.round((sum / count) * 100) / 100, count };
};

/** The dashboard's numbers, each one query over indexed columns or the maintained summaries. */
export async function dashboard(app: FastifyInstance, shopId: number) {
  const db = app.db;
  const now = app.clock.now();
  const summary = await db.selectFrom('rating_totals').selectAll().where('shop_id', '=', shopId).where('subject', '=', '*all').executeTakeFirst();
  const start = now - WEEKS * WEEK_MS;
  // Whole weeks since start (parameters may arrive as REAL on SQLite, so the division is cast).
  const weekOf = sql<number>`cast((reviews.commented_at - ${start}) / ${WEEK_MS} as integer)`;
  const weekly = await db
    .selectFrom('reviews')
    .select([weekOf.as('week'), (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('reviews.rating').as('total')])
    .where('shop_id', '=', shopId)
    .where('is_published', '=', 1)
    .where('commented_at', '>=', start)
    .where('commented_at', '<', now)
    .groupBy(sql`1`)
    .execute();
  const trend = Array.from({ length: WEEKS }, (_, i) => {
    const row = weekly.find((w) => Math.floor(Number(w.week)) === i);
    const count = row ? Number(row.n) : 0;
    return { week_start: new Date(start + i * WEEK_MS).toISOString(), count, average: count === 0 ? null : Math.round((Number(row!.total) / count) * 100) / 100 };
  });
  const count = async (build: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
    Number(
      (
        await build(base())
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const base = () => db.selectFrom('reviews').where('reviews.shop_id', '=', shopId);
  const pending = await count((q) => q.where('is_published', '=', 0).where('hide_reason', 'is', null));
  const newThisWeek = await count((q) => q.where('created_at', '>=', now - WEEK_MS));
  const published = await count((q) => q.where('is_published', '=', 1));
  const photoFilter = parseInboxFilter({ media: 'photo', status: 'published' });
  const withPhotos = await count((q) => q.where((eb) => filterCondition(eb as never, shopId, photoFilter, app.dialect)));
  const orders = await db
    .selectFrom('orders')
    .where('shop_id', '=', shopId)
    .select([
      (eb) => eb.fn.count<number>('sent_at').as('sent'),
      (eb) => eb.fn.count<number>('opened_at').as('opened'),
      (eb) => eb.fn.count<number>('clicked_at').as('clicked'),
      (eb) => eb.fn.count<number>('evaluated_at').as('reviewed'),
    ])
    .executeTakeFirstOrThrow();
  const low = await db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .selectAll('reviews')
    .select(['products.title as product_title', 'products.handle as product_handle'])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.rating', '<=', 2)
    .orderBy('reviews.commented_at', 'desc')
    .orderBy('reviews.id', 'desc')
    .limit(5)
    .execute();
  return {
    rating: averageOf(summary),
    trend,
    pending_count: pending,
    new_this_week: newThisWeek,
    photo_share: published === 0 ? 0 : Math.round((withPhotos / published) * 1000) / 1000,
    funnel: { sent: Number(orders.sent), opened: Number(orders.opened), clicked: Number(orders.clicked), reviewed: Number(orders.reviewed) },
    latest_low_ratings: (low as ReviewWithProduct[]).map(reviewItem),
  };
}

/** The shop's products with their rating and review count, by title; cursor = the last product's row id. */
export async function productList(app: FastifyInstance, shopId: number, query: { q?: string; limit?: number; cursor?: string }) {
  const limit = query.limit ?? 25;
  let q = app.db
    .selectFrom('products')
    // The summary shards of each product, summed per product (a join with the view rating_totals would sum every shop's).
    .leftJoin('rating_summaries', (join) => join.onRef('rating_summaries.shop_id', '=', 'products.shop_id').onRef('rating_summaries.subject', '=', 'products.product_id'))
    .select(['products.id', 'products.product_id', 'products.title', 'products.handle'])
    .select((eb) => (['star1', 'star2', 'star3', 'star4', 'star5'] as const).map((star) => eb.fn.sum<number | null>(`rating_summaries.${star}`).as(star)))
    .where('products.shop_id', '=', shopId)
    .groupBy(['products.id', 'products.product_id', 'products.title', 'products.handle']);
  if (query.cursor !== undefined) {
    const decoded = Buffer.from(query.cursor, 'base64url').toString('utf8');
    if (!/^p[1-9][0-9]{0,15}$/.test(decoded)) throw badInput('cursor', 'is not a cursor of this list');
    q = q.where('products.id', '>', Number(decoded.slice(1)));
  }
  const text = query.q?.trim();
  if (text) q = q.where(sql<boolean>`products.title ${sql.raw(likeOperator(app.dialect))} ${`%${escapeLike(text)}%`} escape '\\'`);
  const rows = await q
    .orderBy('products.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const stats = r.star1 === null ? undefined : { star1: Number(r.star1), star2: Number(r.star2), star3: Number(r.star3), star4: Number(r.star4), star5: Number(r.star5) };
      const { average, count } = averageOf(stats);
      return { product_id: r.product_id, title: r.title, handle: r.handle, rating: average, count };
    }),
    next_cursor: rows.length > limit && last ? Buffer.from(`p${last.id}`).toString('base64url') : null,
  };
}
