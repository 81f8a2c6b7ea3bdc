import type { EventSink } from '../events/events.ts';
import type { Review } from '../reviews/reviews.schemas.ts';
import { DAY_MS } from './reviewers.service.ts';

/** Reviews written by a shopper who gave an address: from a review-request email or the storefront. */
const FROM_SHOPPERS = new Set(['Email request', 'Store front']);
export const PHOTO_REQUEST_DELAY_DAYS = 2;

/**
 * In the new review's transaction: its author gets a confirmation at once (with the link to edit or
 * delete it), and a 4-5 star review without photos or video a single photo request two days later.
 */
export const reviewerEmailEvents: EventSink = {
  async emit(trx, event) {
    if (event.type !== 'review.created') return;
    const review = event.data as Review;
    if (!FROM_SHOPPERS.has(review.source) || review.author_email === '') return;
    const job = (kind: 'confirmation' | 'photo_request', runAt: number) => ({
      shop_id: event.shopId,
      review_id: Number(review.id),
      kind,
      state: 'pending' as const,
      run_at: runAt,
      lease_until: null,
      sent_at: null,
      created_at: event.occurredAt,
      updated_at: event.occurredAt,
    });
    const jobs = [job('confirmation', event.occurredAt)];
    if (review.rating >= 4 && review.media.length === 0) jobs.push(job('photo_request', event.occurredAt + PHOTO_REQUEST_DELAY_DAYS * DAY_MS));
    await trx.insertInto('reviewer_emails').values(jobs).execute();
  },
};
