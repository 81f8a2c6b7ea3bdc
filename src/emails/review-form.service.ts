import { createReview } from '../reviews/reviews.service.ts';
import { findOrderByRef } from '../orders/orders.queries.ts';
import { ORDER_STATUS, type LineItem, type OrderRow } from '../orders/orders.table.ts';
import { findProduct } from '../products/products.queries.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { recordEmailReview, type TrackingDeps } from './tracking.service.ts';
import type { Db } from '../db/database.ts';
import { claimEmailReview, findEmailReviewClaim } from './email-review-claims.queries.ts';
import { recordHold, shopperReviewVerdict } from '../moderation/rules.service.ts';
import { currentRewardOffer, grantRewardIn, type RewardOffer } from '../rewards/rewards.service.ts';

/** A simultaneous post from the same link won the (order, product) claim; this one wrote nothing. */
class AlreadyReviewedError extends Error {}

export interface ReviewFormContext {
  order: OrderRow;
  shopName: string;
  productId: string;
  productTitle: string;
  productImage: string;
  /** The reward promised for this review right now (null: none). */
  rewardOffer: RewardOffer | null;
}

export type FormState = { kind: 'open' | 'done'; context: ReviewFormContext } | { kind: 'closed'; context?: ReviewFormContext };

/** What the signed review link leads to: the form, or a reason it is no longer available. */
export async function reviewFormState(deps: TrackingDeps, claims: { s: number; o: number; pr: string }): Promise<FormState> {
  const order = await findOrderByRef(deps.db, claims.s, claims.o);
  const shop = await findShopById(deps.db, claims.s);
  if (!order || !shop) return { kind: 'closed' };
  const item = (JSON.parse(order.line_items) as LineItem[]).find((i) => i.product_id === claims.pr);
  const product = await findProduct(deps.db, claims.s, claims.pr);
  const context = {
    order,
    shopName: shop.name,
    productId: claims.pr,
    productTitle: product?.title || item?.title || 'your product',
    productImage: product?.image_url ?? '',
    rewardOffer: await currentRewardOffer(deps.db, claims.s),
  };
  if (order.status === ORDER_STATUS.cancelled || order.cancelled_at !== null || order.customer_email === '') return { kind: 'closed', context };
  const existing = await findEmailReviewClaim(deps.db, claims.s, order.order_id, claims.pr);
  return existing ? { kind: 'done', context } : { kind: 'open', context };
}

export interface ReviewFormInput {
  rating: string;
  author: string;
  title: string;
  content: string;
}

export function formErrors(input: ReviewFormInput): string[] {
  const errors: string[] = [];
  if (!/^[1-5]$/.test(input.rating)) errors.push('Choose a rating from 1 to 5 stars.');
  if (input.author.trim() === '' || input.author.length > 120) errors.push('Enter your name (up to 120 characters).');
  if (input.title.length > 300) errors.push('The title can be at most 300 characters.');
  if (input.content.length > 10000) errors.push('The review can be at most 10000 characters.');
  return errors;
}

/**
 * Creates the verified review (source Email request) through the reviews service, then marks the order Evaluated.
 * Null when the (order, product) already has its review (a simultaneous post took the claim first).
 */
export async function submitEmailReview(deps: TrackingDeps, context: ReviewFormContext, input: ReviewFormInput, userAgent: string | undefined) {
  const { order } = context;
  const shopper = { product_id: context.productId, author: input.author.trim(), author_email: order.customer_email, title: input.title.trim(), content: input.content.trim(), is_verified: 1 as const };
  const verdict = await shopperReviewVerdict(deps.db, order.shop_id, shopper);
  // The offer as it stands when the review arrives: a review written under it is incentivized and rewarded, whatever its rating.
  const offer = await currentRewardOffer(deps.db, order.shop_id);
  const claim = async (trx: Db, reviewId: number) => {
    if (!(await claimEmailReview(trx, { shop_id: order.shop_id, order_id: order.order_id, product_id: context.productId, review_id: reviewId, created_at: deps.clock.now() }))) {
      throw new AlreadyReviewedError();
    }
    await recordHold(trx, order.shop_id, reviewId, verdict.reasons, deps.clock.now());
    if (offer) await grantRewardIn(trx, { shopId: order.shop_id, reviewId, email: order.customer_email, hasMedia: false, offer, now: deps.clock.now() });
  };
  const body = {
    ...shopper,
    order_id: order.order_id,
    rating: Number(input.rating) as 1 | 2 | 3 | 4 | 5,
    source: 'Email request',
    // Held by a rule; otherwise the shop's auto-publish setting decides, as before.
    ...(verdict.publish === 0 ? { is_published: 0 as const } : {}),
    is_incentivized: offer ? (1 as const) : (0 as const),
  };
  let review;
  try {
    review = await createReview(deps, order.shop_id, body, claim);
  } catch (error) {
    if (error instanceof AlreadyReviewedError) return null;
    throw error;
  }
  await recordEmailReview(deps, order, context.productId, review.id, userAgent);
  return review;
}
