import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EmailMessages } from '../emails/i18n/index.ts';
import type { EventSink } from '../events/events.ts';
import { ApiError, invalidArgument, notFound } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { keyOfMediaUrl } from '../media/media.keys.ts';
import { markReferenced } from '../media/media.queries.ts';
import { toReview } from '../reviews/reviews.mapping.ts';
import { deleteReviewIn } from '../reviews/reviews.moderation.ts';
import { findReview, findReviewMediaForUpdate, updateReviewByAuthor, updateReviewMedia, type ReviewWithProduct } from '../reviews/reviews.queries.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import { rewardMediaAddedIn } from '../rewards/rewards.service.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { minPublishRating } from '../storefront/storefront.service.ts';

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

/**
 * The moderation rule, run again after the author's edit: a review a person hid stays hidden;
 * a storefront review is published when it has at least the shop's star threshold; any other
 * follows the shop's auto-publish setting (as when it was created).
 */
async function publishAfterEdit(trx: Db, row: ReviewWithProduct, rating: number): Promise<{ is_published: 0 | 1; hide_reason: string | null }> {
  if (row.hide_reason !== null) return { is_published: 0, hide_reason: row.hide_reason };
  if (row.source === 'Store front') return { is_published: rating >= (await minPublishRating(trx, row.shop_id)) ? 1 : 0, hide_reason: null };
  const shop = await findShopById(trx, row.shop_id);
  return { is_published: shop?.auto_publish === 1 ? 1 : 0, hide_reason: null };
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
 * The author changes their text and rating: a changed rating is kept in the review's
 * rating_history, the moderation rule runs again, the stars move, and subscribers hear of it — one transaction.
 */
export async function editReviewAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number, input: AuthorEditInput): Promise<ReviewWithProduct> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockReview(trx, deps, shopId, reviewId);
    const history = JSON.parse(row.rating_history) as { rating: number; until: number }[];
    if (input.rating !== row.rating) history.push({ rating: row.rating, until: now });
    const publication = await publishAfterEdit(trx, row, input.rating);
    const edit = { rating: input.rating, title: input.title.trim(), content: input.content.trim(), rating_history: JSON.stringify(history), ...publication };
    return updateReviewByAuthor(trx, row, edit, now, async (changed) => {
      if (!changed) throw new ApiError('already_exists', 'the review changed at the same time; try again');
      const after = (await findReview(trx, shopId, reviewId))!;
      const type = eventOf(row.is_published, after.is_published);
      if (type) await deps.events.emit(trx, { shopId, type, data: toReview(after), occurredAt: now });
      return after;
    });
  });
}

/** The author adds an uploaded photo: it is shown at once, its file kept, and a reward that waited for media is due. */
export async function addPhotoAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number, photo: { url: string; thumbnail_url: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const current = await findReviewMediaForUpdate(trx, shopId, reviewId);
    if (!current) throw notFound('review');
    const media = JSON.parse(current.media) as ReviewMedia[];
    if (media.filter((m) => m.type === 1).length >= MAX_IMAGES) throw invalidArgument('media', `allows at most ${MAX_IMAGES} images`);
    media.push({ url: photo.url, thumbnail_url: photo.thumbnail_url, type: 1, is_published: 1 });
    await updateReviewMedia(trx, shopId, reviewId, JSON.stringify(media), now);
    const key = keyOfMediaUrl(photo.url, deps.config.media.publicUrl);
    if (key) await markReferenced(trx, shopId, [key], now);
    await rewardMediaAddedIn(trx, shopId, reviewId, now);
    const after = (await findReview(trx, shopId, reviewId))!;
    if (after.is_published === 1) await deps.events.emit(trx, { shopId, type: 'review.updated', data: toReview(after), occurredAt: now });
  });
}

/** The author deletes their review (ratings, review.deleted for subscribers, media removal queued). */
export async function deleteReviewAsAuthor(deps: ReviewerDeps, shopId: number, reviewId: number): Promise<boolean> {
  const reviewDeps = { db: deps.db, dialect: deps.dialect, clock: deps.clock, events: deps.events };
  return deps.db.transaction().execute((trx) => deleteReviewIn(trx, reviewDeps, shopId, reviewId));
}

/** A link's review while the link is valid: null when it expired or the review is gone. */
export async function reviewOfLink(deps: Pick<ReviewerDeps, 'db' | 'clock'>, claims: { s: number; r: number; x: number }): Promise<ReviewWithProduct | 'expired' | null> {
  if (claims.x <= deps.clock.now()) return 'expired';
  return (await findReview(deps.db, claims.s, claims.r)) ?? null;
}

export const linkExpiry = (now: number, days: number) => now + days * DAY_MS;
export { DAY_MS };
