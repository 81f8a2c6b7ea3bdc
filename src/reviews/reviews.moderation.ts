import type { Db } from '../db/database.ts';
import { ApiError, invalidArgument, notFound } from '../http/errors.ts';
import { toReview } from './reviews.mapping.ts';
import { deleteReviewRow, findReview, updateReviewModeration, type ReviewModerationPatch, type ReviewWithProduct } from './reviews.queries.ts';
import type { ReviewDeps } from './reviews.service.ts';
import type { ReviewMedia } from './reviews.schemas.ts';

/** Why a review is hidden; hiding as 'spam' files it as spam. */
export const HIDE_REASONS = ['spam', 'offensive', 'off_topic', 'personal_information', 'fake', 'conflict_of_interest', 'other'] as const;
export type HideReason = (typeof HIDE_REASONS)[number];

/**
 * The fixed list people choose from — spam, off-topic, profanity, personal data, fake, other —
 * mapped onto the stored values (which stay as they are on the wire); typed input may use either.
 */
const HIDE_REASON_ALIASES: Record<string, HideReason> = { 'off-topic': 'off_topic', profanity: 'offensive', personal_data: 'personal_information', 'personal-data': 'personal_information' };

/** A stored hide reason from a stored value or one of the list's names, or undefined. */
export function hideReasonFrom(text: string): HideReason | undefined {
  const value = text.trim().toLowerCase();
  return (HIDE_REASONS as readonly string[]).includes(value) ? (value as HideReason) : HIDE_REASON_ALIASES[value];
}

export type ReviewChange =
  /** `onlyIfPending`: leave a review a person hid (or published) alone; read under the row lock. */
  | { kind: 'publish'; onlyIfPending?: boolean }
  | { kind: 'hide'; reason: HideReason }
  | { kind: 'flags'; featured?: boolean; pinned?: boolean; tag?: string }
  | { kind: 'reply'; content: string | null }
  | { kind: 'media'; index: number; hidden: boolean };

/** Told about every change inside its transaction (the console appends it to its ledger). */
export type ReviewAudit = (trx: Db, change: { before: ReviewWithProduct; after: ReviewWithProduct; change: ReviewChange }) => Promise<void>;

/** The review's moderation state in one word. */
export const reviewStatus = (row: Pick<ReviewWithProduct, 'is_published' | 'hide_reason'>): 'published' | 'pending' | 'hidden' | 'spam' =>
  row.is_published === 1 ? 'published' : row.hide_reason === null ? 'pending' : row.hide_reason === 'spam' ? 'spam' : 'hidden';

function patchFor(row: ReviewWithProduct, change: ReviewChange, now: number): ReviewModerationPatch {
  switch (change.kind) {
    case 'publish':
      return { is_published: 1, hide_reason: null };
    case 'hide':
      if (!HIDE_REASONS.includes(change.reason)) throw invalidArgument('reason', `must be one of ${HIDE_REASONS.join(', ')}`);
      return { is_published: 0, hide_reason: change.reason };
    case 'flags': {
      const patch: ReviewModerationPatch = {};
      if (change.featured !== undefined) patch.is_featured = change.featured ? 1 : 0;
      if (change.pinned !== undefined) patch.is_top = change.pinned ? 1 : 0;
      if (change.tag !== undefined) patch.tag = change.tag.trim();
      return patch;
    }
    case 'reply': {
      const content = change.content?.trim() ?? null;
      if (content === '') throw invalidArgument('content', 'must not be blank');
      return content === null ? { reply_content: null, reply_at: null } : { reply_content: content, reply_at: now };
    }
    case 'media': {
      const media = JSON.parse(row.media) as ReviewMedia[];
      if (!Number.isInteger(change.index) || change.index < 0 || change.index >= media.length) throw notFound('media item');
      media[change.index] = { ...media[change.index]!, is_published: change.hidden ? 0 : 1 };
      return { media: JSON.stringify(media) };
    }
  }
}

/**
 * One moderation change of one review inside the caller's transaction: the guarded update,
 * the rating summaries when it moves in or out of publication, the webhook event (hiding
 * counts as deletion for subscribers, spec webhooks.md §1) and the audit record.
 * Returns null when the review does not exist; `changed` says whether anything changed.
 */
export async function moderateReviewIn(trx: Db, deps: ReviewDeps, shopId: number, reviewId: number, change: ReviewChange, audit?: ReviewAudit) {
  const now = deps.clock.now();
  const before = await findReviewForUpdate(trx, deps, shopId, reviewId);
  if (!before) return null;
  if (change.kind === 'publish' && change.onlyIfPending && reviewStatus(before) !== 'pending') return { review: before, changed: false };
  const patch = patchFor(before, change, now);
  const differs = Object.entries(patch).some(([key, value]) => key !== 'reply_at' && (before as unknown as Record<string, unknown>)[key] !== value);
  if (!differs) return { review: before, changed: false };
  const after = await updateReviewModeration(trx, before, patch, now, async (changed) => {
    if (!changed) throw new ApiError('already_exists', 'the review changed at the same time; try again');
    const row = (await findReview(trx, shopId, reviewId))!;
    const delta = row.is_published - before.is_published;
    const type = delta === 1 ? 'review.published' : delta === -1 ? 'review.hidden' : row.is_published === 1 ? 'review.updated' : null;
    if (type) await deps.events.emit(trx, { shopId, type, data: toReview(row), occurredAt: now });
    return row;
  });
  if (audit) await audit(trx, { before, after, change });
  return { review: after, changed: true };
}

/** moderateReviewIn in a transaction of its own; an unknown review is not found. */
export async function moderateReview(deps: ReviewDeps, shopId: number, reviewId: number, change: ReviewChange, audit?: ReviewAudit): Promise<ReviewWithProduct> {
  const result = await deps.db.transaction().execute((trx) => moderateReviewIn(trx, deps, shopId, reviewId, change, audit));
  if (!result) throw notFound('review');
  return result.review;
}

/** Deletes a review inside the caller's transaction (ratings, review/deleted event, audit); false when it does not exist. */
export async function deleteReviewIn(trx: Db, deps: ReviewDeps, shopId: number, reviewId: number, audit?: (trx: Db, before: ReviewWithProduct) => Promise<void>): Promise<boolean> {
  const now = deps.clock.now();
  const row = await findReviewForUpdate(trx, deps, shopId, reviewId);
  if (!row) return false;
  const deleted = await deleteReviewRow(trx, row, now, async (wasThere) => {
    if (wasThere) await deps.events.emit(trx, { shopId, type: 'review.deleted', data: toReview(row), occurredAt: now });
    return wasThere;
  });
  if (!deleted) return false;
  if (audit) await audit(trx, row);
  return true;
}

async function findReviewForUpdate(trx: Db, deps: ReviewDeps, shopId: number, reviewId: number): Promise<ReviewWithProduct | undefined> {
  if (deps.dialect === 'postgres') {
    // Lock the row so the state read is the state the guarded update sees.
    await trx.selectFrom('reviews').select('id').where('shop_id', '=', shopId).where('id', '=', reviewId).forUpdate().execute();
  }
  return findReview(trx, shopId, reviewId);
}
