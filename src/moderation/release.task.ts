import type { ReviewDeps } from '../reviews/reviews.service.ts';
import { moderateReviewIn } from '../reviews/reviews.moderation.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { dueHolds, markReleased } from './moderation.queries.ts';
import { DEFAULT_MODERATION_RULES } from './rules.service.ts';

const BATCH = 100;

/**
 * A held review is never held forever: once its shop's `release_after_days` have passed and no
 * person published or rejected it, it is published (ratings, review/updated webhook) and the hold
 * records when. A review a person hid carries a hide reason and is left alone.
 */
export async function releaseDueHolds(deps: ReviewDeps, now: number): Promise<number> {
  const due = await dueHolds(deps.db, now, DEFAULT_MODERATION_RULES.release_after_days, BATCH);
  for (const hold of due) {
    await deps.db.transaction().execute(async (trx) => {
      const result = await moderateReviewIn(trx, deps, hold.shop_id, hold.review_id, { kind: 'publish', onlyIfPending: true });
      if (result?.changed) await markReleased(trx, hold.shop_id, hold.review_id, now);
    });
  }
  return due.length;
}

export const heldReviewsTask = (deps: ReviewDeps): WorkerTask => ({ name: 'held-review-release', runDue: (now) => releaseDueHolds(deps, now) });
