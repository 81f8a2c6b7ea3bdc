import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import { invalidArgument, notFound } from '../http/errors.ts';
import { listValues, pageInfo, pageWindow } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import type { MediaConfig } from '../media/media.config.ts';
import type { EventSink } from '../events/events.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { reviewRowFromInput } from './reviews.input.ts';
import { toReview } from './reviews.mapping.ts';
import { deleteReviewRow, findReview, insertReviewRow, listReviews, updateReviewPublished, type ReviewFilter } from './reviews.queries.ts';
import type { CreateReviewBody, GetReviewsQuery, Review } from './reviews.schemas.ts';
import type { NewReviewRow } from './reviews.table.ts';
import { ReviewWriteBatch } from './reviews.batch.ts';

export interface ReviewDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
  config?: { media: Pick<MediaConfig, 'ownHostOnly' | 'publicUrl'> };
}

/** Review ids arrive as numbers or numeric strings (`id`, or its alias `review_id`). */
export function reviewIdFrom(input: { id?: number | string; review_id?: number | string }): number {
  const raw = input.id ?? input.review_id;
  if (raw === undefined) throw invalidArgument('id', 'is required');
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('review');
  return id;
}

/** Saves the review, emits review.created, and counts it in the rating summaries (its stars only when published) — one transaction. */
export async function createReview(
  deps: ReviewDeps,
  shopId: number,
  body: CreateReviewBody,
  /** Runs in the review's transaction right after the insert; throwing rolls the review back (e.g. a uniqueness claim). */
  afterInsert?: (trx: Db, reviewId: number) => Promise<void>,
): Promise<Review> {
  const shop = await findShopById(deps.db, shopId);
  if (!shop) throw notFound('shop');
  const now = deps.clock.now();
  const ownMediaBase = deps.config?.media.ownHostOnly ? deps.config.media.publicUrl : undefined;
  const row = reviewRowFromInput(body, { shopId, now, autoPublish: shop.auto_publish, ownMediaBase });
  if (afterInsert) return writeReview(deps, row, now, afterInsert);
  let batch = writeBatches.get(deps);
  if (!batch) writeBatches.set(deps, (batch = new ReviewWriteBatch(deps, (alone, at) => writeReview(deps, alone, at))));
  return batch.add(row, now);
}

/** Reviews without an afterInsert step are written with the others of their event-loop turn (reviews.batch.ts). */
const writeBatches = new WeakMap<ReviewDeps, ReviewWriteBatch>();

/** One review in a transaction of its own (what a shared transaction that failed falls back to). */
export function writeReview(deps: ReviewDeps, row: NewReviewRow, now: number, afterInsert?: (trx: Db, reviewId: number) => Promise<void>): Promise<Review> {
  return deps.db.transaction().execute((trx) =>
    insertReviewRow(trx, row, now, async (id) => {
      if (afterInsert) await afterInsert(trx, id);
      const review = await getReview({ db: trx }, row.shop_id, id);
      await deps.events.emit(trx, { shopId: row.shop_id, type: 'review.created', data: review, occurredAt: now });
      return review;
    }),
  );
}

export async function getReview(deps: Pick<ReviewDeps, 'db'>, shopId: number, reviewId: number): Promise<Review> {
  const row = await findReview(deps.db, shopId, reviewId);
  if (!row) throw notFound('review');
  return toReview(row);
}

export async function deleteReview(deps: ReviewDeps, shopId: number, reviewId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const row = await findReview(trx, shopId, reviewId);
    if (!row) throw notFound('review');
    await deleteReviewRow(trx, row, now, async (deleted) => {
      // A concurrent delete already took it (and its rating); nothing left to do.
      if (!deleted) throw notFound('review');
      await deps.events.emit(trx, { shopId, type: 'review.deleted', data: toReview(row), occurredAt: now });
    });
  });
}

/** Publishes or hides a review, moving it in or out of the rating summaries in the same transaction. */
export async function setReviewPublished(deps: ReviewDeps, shopId: number, reviewId: number, isPublished: 0 | 1): Promise<Review> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findReview(trx, shopId, reviewId);
    if (!row) throw notFound('review');
    return updateReviewPublished(trx, row, isPublished, now, async (changed) => {
      const review = await getReview({ db: trx }, shopId, reviewId);
      if (changed) await deps.events.emit(trx, { shopId, type: isPublished === 1 ? 'review.published' : 'review.hidden', data: review, occurredAt: now });
      return review;
    });
  });
}

/** A page of reviews as the JSON text of get_reviews' `data` (`{page, list}`). */
export async function listShopReviews(deps: ReviewDeps, shopId: number, query: GetReviewsQuery): Promise<string> {
  const filter = reviewFilterFrom(query);
  const { page, pageSize, offset } = pageWindow(query);
  const { reviews, count } = await listReviews(deps.db, shopId, filter, {
    offset,
    limit: pageSize,
    ascending: query.sort_by === 'created-ascending',
  });
  return `{"page":${JSON.stringify(pageInfo(page, pageSize, count))},"list":[${reviews.join(',')}]}`;
}

function reviewFilterFrom(query: GetReviewsQuery): ReviewFilter {
  const productIds = listValues(query.product_ids);
  if (productIds.some((id) => !/^[0-9]{1,20}$/.test(id))) throw invalidArgument('product_ids', 'must be numeric product ids');
  if (productIds.length > 100) throw invalidArgument('product_ids', 'allows at most 100 ids');
  const ratings = listValues(query.ratings);
  if (ratings.some((r) => !/^[1-5]$/.test(r))) throw invalidArgument('ratings', 'must be star values 1-5');
  const sources = listValues(query.sources);
  if (sources.length > 20 || sources.some((s) => s.length > 64)) throw invalidArgument('sources', 'allows at most 20 values of up to 64 characters');
  const keyword = query.keyword?.trim();
  return {
    productIds: productIds.map((id) => id.replace(/^0+(?=\d)/, '')),
    storeOnly: query.is_store_review === undefined ? undefined : query.is_store_review === 1,
    keyword: keyword === '' ? undefined : keyword,
    ratings: ratings.map(Number),
    sources,
    isPublished: query.is_published,
  };
}
