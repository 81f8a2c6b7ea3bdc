import { appendLedger } from '../admin/ledger.service.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { recordHoldAfterEdit, shopperReviewVerdict, type HoldReason } from '../moderation/rules.service.ts';
import { reviewStatus } from '../reviews/reviews.moderation.ts';
import type { ReviewWithProduct } from '../reviews/reviews.queries.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { minPublishRating } from '../storefront/storefront.service.ts';

/** What the moderation rules decided about an author's edit. */
export type EditDecision =
  /** a person hid the review: it stays hidden whatever the edit */
  | 'kept_hidden'
  /** no rule holds it */
  | 'published'
  /** a rule holds it (reasons); published after the shop's release delay unless a person decides first */
  | 'held'
  /** no rule holds it, but the shop approves reviews of this source by hand (auto-publish off) */
  | 'awaiting_approval';

export interface EditModeration {
  is_published: 0 | 1;
  hide_reason: string | null;
  decision: EditDecision;
  reasons: HoldReason[];
}

/**
 * The moderation rules, run again on the edited text and rating, as when the review was written: the
 * storefront's star threshold (storefront reviews), the hold rules (links, emails and phone numbers,
 * blocked words, repeat reviewer, verified buyers only), then the shop's auto-publish setting for
 * other sources. A review a person hid stays hidden.
 */
export async function moderationAfterEdit(trx: Db, row: ReviewWithProduct, edit: { rating: number; title: string; content: string }): Promise<EditModeration> {
  if (row.hide_reason !== null) return { is_published: 0, hide_reason: row.hide_reason, decision: 'kept_hidden', reasons: [] };
  const storefront = row.source === 'Store front';
  const belowThreshold = storefront && edit.rating < (await minPublishRating(trx, row.shop_id));
  const shopper = {
    product_id: row.product_id,
    author_email: row.author_email,
    author: row.author,
    title: edit.title,
    content: edit.content,
    is_verified: row.is_verified === 1 ? (1 as const) : (0 as const),
  };
  const verdict = await shopperReviewVerdict(trx, row.shop_id, shopper, belowThreshold, row.id);
  if (verdict.publish === 0) return { is_published: 0, hide_reason: null, decision: 'held', reasons: verdict.reasons };
  if (storefront || (await findShopById(trx, row.shop_id))?.auto_publish === 1) return { is_published: 1, hide_reason: null, decision: 'published', reasons: [] };
  return { is_published: 0, hide_reason: null, decision: 'awaiting_approval', reasons: [] };
}

/** Who the ledger names for changes made through the author's signed link. */
export const REVIEW_AUTHOR = { merchantId: null, email: 'review author (signed link)' };

/**
 * In the edit's transaction: the hold starts again from the edit (or ends), and the review's ledger
 * history records the edit and the rules' decision. The ledger keeps ratings and status, and which
 * texts changed rather than the texts (its chain cannot be erased later).
 */
export async function recordAuthorEdit(trx: Db, clock: Clock, before: ReviewWithProduct, after: ReviewWithProduct, moderation: EditModeration): Promise<void> {
  const now = clock.now();
  if (moderation.decision !== 'kept_hidden') await recordHoldAfterEdit(trx, before.shop_id, before.id, moderation.reasons, now);
  const changed = (['rating', 'title', 'content'] as const).filter((key) => before[key] !== after[key]);
  await appendLedger(trx, clock, {
    shopId: before.shop_id,
    actor: REVIEW_AUTHOR,
    action: 'review.author_edit',
    subject: `review:${before.id}`,
    before: { status: reviewStatus(before), rating: before.rating },
    after: { status: reviewStatus(after), rating: after.rating, changed, rules: { decision: moderation.decision, reasons: moderation.reasons } },
  });
}
