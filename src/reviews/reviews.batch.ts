import type { Db } from '../db/database.ts';
import { addToRatingTotals, applyRatingTotals, type RatingTotals } from '../ratings/ratings.queries.ts';
import { findReviews, insertReviewRows } from './reviews.queries.ts';
import { toReview } from './reviews.mapping.ts';
import type { Review } from './reviews.schemas.ts';
import type { NewReviewRow } from './reviews.table.ts';
import type { EventSink } from '../events/events.ts';

/*
 * Reviews created in one event-loop turn (concurrent create_review requests) are written together:
 * one transaction, one insert for all of them, one read back per shop, their events, and one
 * rating upsert per shop. On PostgreSQL each statement is a round trip and each transaction a
 * commit, and written one by one a review cost six of each kind of work; under load a turn holds
 * several reviews. When the shared transaction fails, every review of it is written again in a
 * transaction of its own, so a review that cannot be saved fails alone, with its own error.
 */

interface PendingReview {
  row: NewReviewRow;
  now: number;
  resolve(review: Review): void;
  reject(error: unknown): void;
}

/** Reviews per shared transaction (an insert of this many rows stays far below either database's parameter limit). */
const MAX_BATCH = 100;

type WriteOne = (row: NewReviewRow, now: number) => Promise<Review>;

/** What a shared transaction needs: where to write, and where its events go. */
interface BatchDeps {
  db: Db;
  events: EventSink;
}

export class ReviewWriteBatch {
  #pending: PendingReview[] = [];

  constructor(
    private readonly deps: BatchDeps,
    private readonly writeOne: WriteOne,
  ) {}

  /** Saves the review with the others of this turn; resolves to it as read back, once committed. */
  add(row: NewReviewRow, now: number): Promise<Review> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, now, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#writePending());
    });
  }

  #writePending(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += MAX_BATCH) void this.#write(pending.slice(start, start + MAX_BATCH));
  }

  async #write(batch: PendingReview[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const reviews = await this.deps.db.transaction().execute((trx) => writeTogether(this.deps, trx, batch));
        batch.forEach((pending, i) => pending.resolve(reviews[i]!));
        return;
      } catch {
        // Nothing of it was saved: each review is written alone below, and fails alone.
      }
    }
    for (const pending of batch) this.writeOne(pending.row, pending.now).then(pending.resolve, pending.reject);
  }
}

/** The reviews of a batch, in its order, with their events and rating summaries, in the caller's transaction. */
async function writeTogether(deps: BatchDeps, trx: Db, batch: PendingReview[]): Promise<Review[]> {
  const ids = await insertReviewRows(
    trx,
    batch.map((p) => p.row),
  );
  const byId = new Map<number, Review>();
  for (const shopId of new Set(batch.map((p) => p.row.shop_id))) {
    const ofShop = ids.filter((_, i) => batch[i]!.row.shop_id === shopId);
    for (const row of await findReviews(trx, shopId, ofShop)) byId.set(Number(row.id), toReview(row));
  }
  const reviews = ids.map((id) => byId.get(id)!);
  for (const [i, review] of reviews.entries()) {
    await deps.events.emit(trx, { shopId: batch[i]!.row.shop_id, type: 'review.created', data: review, occurredAt: batch[i]!.now });
  }
  // Last: the rating rows are the ones concurrent writers may wait for.
  const totalsOfShop = new Map<number, Map<string, RatingTotals>>();
  for (const { row } of batch) {
    let totals = totalsOfShop.get(row.shop_id);
    if (!totals) totalsOfShop.set(row.shop_id, (totals = new Map()));
    addToRatingTotals(totals, row.product_id, row.rating, row.is_published === 1 ? 1 : 0);
  }
  const now = Math.max(...batch.map((p) => p.now));
  for (const [shopId, totals] of totalsOfShop) await applyRatingTotals(trx, shopId, totals, now);
  return reviews;
}
