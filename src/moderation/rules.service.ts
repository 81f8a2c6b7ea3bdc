import type { Db } from '../db/database.ts';
import { invalidArgument } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { deleteHold, findRules, hasReviewedProduct, holdOf, insertHold, upsertHold, upsertRules } from './moderation.queries.ts';

/** Per-shop rules for reviews written by shoppers (the storefront form and the email review form). */
export interface ModerationRules {
  /** 1 = hold reviews containing a link, an email address or a phone number. */
  hold_links: 0 | 1;
  /** Words or phrases (case-insensitive, whole words) that hold a review. */
  blocked_words: string[];
  /** 1 = hold a review from an address that already reviewed the product. */
  hold_repeat_reviewers: 0 | 1;
  /** 1 = publish at once only verified buyers' reviews. */
  verified_only: 0 | 1;
  /** Days after which a held review that no person rejected is published; 0 = never. */
  release_after_days: number;
}

export const DEFAULT_MODERATION_RULES: ModerationRules = { hold_links: 0, blocked_words: [], hold_repeat_reviewers: 0, verified_only: 0, release_after_days: 14 };

/** Why a rule held a review. */
export type HoldReason = 'rating' | 'link' | 'blocked_word' | 'repeat_reviewer' | 'not_verified';

export async function getModerationRules(db: Db, shopId: number): Promise<ModerationRules> {
  const row = await findRules(db, shopId);
  if (!row) return { ...DEFAULT_MODERATION_RULES, blocked_words: [] };
  return {
    hold_links: row.hold_links === 1 ? 1 : 0,
    blocked_words: JSON.parse(row.blocked_words) as string[],
    hold_repeat_reviewers: row.hold_repeat_reviewers === 1 ? 1 : 0,
    verified_only: row.verified_only === 1 ? 1 : 0,
    release_after_days: row.release_after_days,
  };
}

const MAX_WORDS = 200;
const MAX_WORD_LENGTH = 50;

/** Changes the given rules and keeps the others. */
export async function updateModerationRules(deps: { db: Db; clock: Clock }, shopId: number, patch: Partial<ModerationRules>): Promise<ModerationRules> {
  const next = { ...(await getModerationRules(deps.db, shopId)), ...patch };
  for (const flag of ['hold_links', 'hold_repeat_reviewers', 'verified_only'] as const) {
    if (next[flag] !== 0 && next[flag] !== 1) throw invalidArgument(flag, 'must be 0 or 1');
  }
  if (!Number.isInteger(next.release_after_days) || next.release_after_days < 0 || next.release_after_days > 365) {
    throw invalidArgument('release_after_days', 'must be a whole number of days, 0-365 (0 = never)');
  }
  const words = [...new Set(next.blocked_words.map((w) => w.trim().toLowerCase()).filter((w) => w !== ''))];
  if (words.length > MAX_WORDS) throw invalidArgument('blocked_words', `allows at most ${MAX_WORDS} words`);
  if (words.some((w) => w.length > MAX_WORD_LENGTH || /[\u0000-\u001f]/.test(w)))
    throw invalidArgument('blocked_words', `must be words of at most ${MAX_WORD_LENGTH} characters without control characters`);
  await upsertRules(deps.db, {
    shop_id: shopId,
    hold_links: next.hold_links,
    blocked_words: JSON.stringify(words),
    hold_repeat_reviewers: next.hold_repeat_reviewers,
    verified_only: next.verified_only,
    release_after_days: next.release_after_days,
    updated_at: deps.clock.now(),
  });
  return getModerationRules(deps.db, shopId);
}

const LINK = /\bhttps?:\/\/|\bwww\.[^\s.]|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|io|co|shop|store|online|site|xyz|top|ru|cn|link|click)\b/i;
// Bounded parts (RFC 5321 lengths) keep the search linear in the text's length.
const EMAIL = /[^\s@<>()]{1,64}@[^\s@<>()]{1,255}\.[a-z]{2,}/i;
// Seven or more digits, optionally spaced, dotted, dashed or bracketed: a phone number.
const PHONE = /(?:\+|\b)\d(?:[\s().-]{0,2}\d){6,}/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the text contains one of the words as a whole word (letters or digits do not touch it), ignoring case. */
export function containsWord(text: string, words: string[]): boolean {
  if (words.length === 0) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

export interface ShopperReview {
  product_id: string;
  author_email: string;
  author: string;
  title: string;
  content: string;
  is_verified: 0 | 1;
}

/**
 * Publish now, or hold and why. `belowThreshold` is the storefront's star rule. A review with
 * no reason is published; the hold is recorded with the review (recordHold) so the worker can
 * publish it after the shop's release delay unless a person decided first. `editedReviewId`: the
 * review being edited (only reviews written before it make it a repeat).
 */
export async function shopperReviewVerdict(db: Db, shopId: number, review: ShopperReview, belowThreshold = false, editedReviewId?: number): Promise<{ publish: 0 | 1; reasons: HoldReason[] }> {
  const rules = await getModerationRules(db, shopId);
  const text = `${review.author}\n${review.title}\n${review.content}`;
  const reasons: HoldReason[] = [];
  if (belowThreshold) reasons.push('rating');
  if (rules.hold_links === 1 && (LINK.test(text) || EMAIL.test(text) || PHONE.test(text))) reasons.push('link');
  if (containsWord(text, rules.blocked_words)) reasons.push('blocked_word');
  if (rules.hold_repeat_reviewers === 1 && review.author_email !== '' && (await hasReviewedProduct(db, shopId, review.product_id, review.author_email.toLowerCase(), editedReviewId)))
    reasons.push('repeat_reviewer');
  if (rules.verified_only === 1 && review.is_verified !== 1) reasons.push('not_verified');
  return { publish: reasons.length === 0 ? 1 : 0, reasons };
}

/** Records why a review was held, inside the review's transaction. */
export async function recordHold(trx: Db, shopId: number, reviewId: number, reasons: HoldReason[], now: number): Promise<void> {
  if (reasons.length > 0) await insertHold(trx, { review_id: reviewId, shop_id: shopId, reasons: JSON.stringify(reasons), held_at: now });
}

/**
 * After its author edited a review: a rule that holds it holds it again from now (the release delay
 * counts from the edit); an edit no rule holds ends an earlier hold.
 */
export async function recordHoldAfterEdit(trx: Db, shopId: number, reviewId: number, reasons: HoldReason[], now: number): Promise<void> {
  if (reasons.length > 0) await upsertHold(trx, { review_id: reviewId, shop_id: shopId, reasons: JSON.stringify(reasons), held_at: now });
  else await deleteHold(trx, shopId, reviewId);
}

/** Why a rule held this review and whether the worker published it; undefined when no rule held it. */
export async function holdOfReview(db: Db, shopId: number, reviewId: number) {
  const hold = await holdOf(db, shopId, reviewId);
  return hold && { reasons: JSON.parse(hold.reasons) as HoldReason[], held_at: hold.held_at, released_at: hold.released_at };
}
