import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EmailMessages } from '../emails/i18n/index.ts';
import type { EventSink } from '../events/events.ts';
import { ApiError, invalidArgument, notFound } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { keyOfMediaUrl } from '../media/media.keys.ts';
import { markReferenced } from '../media/media.queries.ts';
import { toReview } from '../reviews/reviews.mapping.ts';
import { deleteReviewIn, reviewStatus } from '../reviews/reviews.moderation.ts';
import { findReview, findReviewMediaForUpdate, updateReviewByAuthor, updateReviewMedia, type ReviewWithProduct } from '../reviews/reviews.queries.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { rewardMediaAddedIn } from '../rewards/rewards.service.ts';
import { appendLedger } from '../admin/ledger.service.ts';
import { moderationAfterEdit, recordAuthorEdit, REVIEW_AUTHOR } from './reviewers.moderation.ts';

export interface ReviewerDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
  config: { media: { publicUrl: string } };
}

const DAY_MS = 86_400_000;
/** How long the links in the confirmation and the photo request work. */
export const MANAGE_LINK_DAYS = 180;
export const PHOTO_LINK_DAYS = 30;
const MAX_IMAGES = 10;
/** As the widget's and the hosted form's: one video per review. */
const MAX_VIDEOS = 1;

export interface AuthorEditInput {
  rating: number;
  title: string;
  content: string;
}

/** What is wrong with the author's edit, in the page's language (the hosted review form's words). */
export function authorEditErrors(input: { rating: string; title: string; content: string }, m: Pick<EmailMessages, 'err_rating' | 'err_title' | 'err_content'>): string[] {
  const errors: string[] = [];
  if (!/^[1-5]$/.test(input.rating)) errors.push(m.err_rating);
  if (input.title.length > 300) errors.push(m.err_title);
  if (input.content.length > 10000) errors.push(m.err_content);
  return errors;
}

async function lockReview(trx: Db, deps: ReviewerDeps, shopId: number, reviewId: number): Promise<ReviewWithProduct> {
  if (deps.dialect === 'postgres') await trx.selectFrom('reviews').select('id').where('shop_id', '=', shopId).where('id', '=', reviewId).forUpdate().execute();
  const row = await findReview(trx, shopId, reviewId);
  if (!row) throw notFound('review');
  return row;
}

/** The event subscribers get for a change of publication or content. */
const eventOf = (before: number, after: number) => (before === 0 && after === 1 ? 'review.published' : before === 1 && after === 0 ? 'review.hidden' : after === 1 ? 'review.updated' : null);

/**
 * The author changes their text and rating: a changed rating is kept in the review's rating_history,
 * the moderation rules run again (reviewers.moderation.ts: a rule may hold a published review again,
 * the release delay counting from the edit), the stars move, subscribers hear of it (held = hidden
 * for them) and the review's ledger history records the edit and the decision — one transaction.
 */
export async function editReviewAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number, input: AuthorEditInput): Promise<ReviewWithProduct> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockReview(trx, deps, shopId, reviewId);
    const history = JSON.parse(row.rating_history) as { rating: number; until: number }[];
    if (input.rating !== row.rating) history.push({ rating: row.rating, until: now });
    const text = { rating: input.rating, title: input.title.trim(), content: input.content.trim() };
    const moderation = await moderationAfterEdit(trx, row, text);
    const edit = { ...text, rating_history: JSON.stringify(history), is_published: moderation.is_published, hide_reason: moderation.hide_reason };
    const after = await updateReviewByAuthor(trx, row, edit, now, async (changed) => {
      if (!changed) throw new ApiError('already_exists', 'the review changed at the same time; try again');
      const updated = (await findReview(trx, shopId, reviewId))!;
      const type = eventOf(row.is_published, updated.is_published);
      if (type) await deps.events.emit(trx, { shopId, type, data: toReview(updated), occurredAt: now });
      return updated;
    });
    await recordAuthorEdit(trx, deps.clock, row, after, moderation);
    return after;
  });
}

/** The author adds an uploaded photo or video: it is shown at once, its file kept, and a reward that waited for media is due. */
export async function addMediaAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number, item: { url: string; thumbnail_url: string; type: 1 | 2 }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const current = await findReviewMediaForUpdate(trx, shopId, reviewId);
    if (!current) throw notFound('review');
    const media = JSON.parse(current.media) as ReviewMedia[];
    const limit = item.type === 1 ? MAX_IMAGES : MAX_VIDEOS;
    if (media.filter((m) => m.type === item.type).length >= limit) throw invalidArgument('media', item.type === 1 ? `allows at most ${MAX_IMAGES} images` : 'allows one video');
    media.push({ url: item.url, thumbnail_url: item.thumbnail_url, type: item.type, is_published: 1 });
    await updateReviewMedia(trx, shopId, reviewId, JSON.stringify(media), now);
    const key = keyOfMediaUrl(item.url, deps.config.media.publicUrl);
    if (key) await markReferenced(trx, shopId, [key], now);
    await rewardMediaAddedIn(trx, shopId, reviewId, now);
    const after = (await findReview(trx, shopId, reviewId))!;
    if (after.is_published === 1) await deps.events.emit(trx, { shopId, type: 'review.updated', data: toReview(after), occurredAt: now });
    await appendLedger(trx, deps.clock, {
      shopId,
      actor: REVIEW_AUTHOR,
      action: 'review.author_media',
      subject: `review:${reviewId}`,
      before: null,
      after: { added: item.type === 1 ? 'photo' : 'video' },
    });
  });
}

/** The author deletes their review (ratings, review.deleted for subscribers, media removal queued). */
export async function deleteReviewAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number): Promise<boolean> {
  const reviewDeps = { db: deps.db, dialect: deps.dialect, clock: deps.clock, events: deps.events };
  return deps.db.transaction().execute((trx) =>
    deleteReviewIn(trx, reviewDeps, shopId, reviewId, (trx, before) =>
      appendLedger(trx, deps.clock, {
        shopId,
        actor: REVIEW_AUTHOR,
        action: 'review.author_delete',
        subject: `review:${reviewId}`,
        before: { status: reviewStatus(before), rating: before.rating },
        after: null,
      }),
    ),
  );
}

/** A link's review while the link is valid: null when it expired or the review is gone. */
export async function reviewOfLink(deps: Pick<ReviewerDeps, 'db' | 'clock'>, claims: { s: number; r: number; x: number }): Promise<ReviewWithProduct | 'expired' | null> {
  if (claims.x <= deps.clock.now()) return 'expired';
  return (await findReview(deps.db, claims.s, claims.r)) ?? null;
}

export const linkExpiry = (now: number, days: number) => now + days * DAY_MS;
export { DAY_MS };
