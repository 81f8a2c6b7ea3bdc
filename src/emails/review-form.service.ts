import { ApiError } from '../http/errors.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { findOrderByRef } from '../orders/orders.queries.ts';
import { ORDER_STATUS, type LineItem, type OrderRow } from '../orders/orders.table.ts';
import { allStored, shopperMedia, type ShopperMedia } from '../media/media.shopper.ts';
import { keyOfMediaUrl } from '../media/media.keys.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { recordEmailReview, type TrackingDeps } from './tracking.service.ts';
import type { Db } from '../db/database.ts';
import { claimEmailReview, reviewedProducts } from './email-review-claims.queries.ts';
import { emailMessages, fill, languageOf, type EmailLanguage, type EmailMessages } from './i18n/index.ts';
import { askableItems } from './schedule.ts';
import { getEmailSettings } from './settings.service.ts';
import { recordHold, shopperReviewVerdict } from '../moderation/rules.service.ts';
import { currentRewardOffer, grantRewardIn, type RewardOffer } from '../rewards/rewards.service.ts';

/** A simultaneous post from the same link won the (order, product) claim; this one wrote nothing. */
class AlreadyReviewedError extends Error {}

export interface FormProduct {
  productId: string;
  title: string;
  image: string;
  reviewed: boolean;
}

export interface ReviewFormContext {
  order: OrderRow;
  shopName: string;
  language: EmailLanguage;
  /** The product of the followed link first, then the order's other products the shop asks about. */
  products: FormProduct[];
  linkProductId: string;
  /** The reward promised for a review right now (null: none). */
  rewardOffer: RewardOffer | null;
}

export type FormState = { kind: 'open' | 'done'; context: ReviewFormContext } | { kind: 'closed'; context?: ReviewFormContext };

/** What the signed review link leads to: the form for every product of the order, or a reason it is no longer available. */
export async function reviewFormState(deps: TrackingDeps, claims: { s: number; o: number; pr: string }): Promise<FormState> {
  const order = await findOrderByRef(deps.db, claims.s, claims.o);
  const shop = await findShopById(deps.db, claims.s);
  if (!order || !shop) return { kind: 'closed' };
  const settings = await getEmailSettings(deps.db, claims.s);
  const items = JSON.parse(order.line_items) as LineItem[];
  const asked = askableItems(items, settings);
  const linkItem = items.find((i) => i.product_id === claims.pr) ?? { product_id: claims.pr, title: '', variant_title: '' };
  const ordered = [linkItem, ...asked.filter((i) => i.product_id !== claims.pr)];
  const ids = ordered.map((i) => i.product_id);
  const products = new Map(
    (await deps.db.selectFrom('products').select(['product_id', 'title', 'image_url']).where('shop_id', '=', claims.s).where('product_id', 'in', ids).execute()).map((p) => [p.product_id, p]),
  );
  const reviewed = await reviewedProducts(deps.db, claims.s, order.order_id, ids);
  const language = languageOf(order.locale, settings.language);
  const context: ReviewFormContext = {
    order,
    shopName: shop.name,
    language,
    linkProductId: claims.pr,
    products: ordered.map((item) => ({
      productId: item.product_id,
      title: products.get(item.product_id)?.title || item.title || item.product_id,
      image: products.get(item.product_id)?.image_url ?? '',
      reviewed: reviewed.has(item.product_id),
    })),
    rewardOffer: await currentRewardOffer(deps.db, claims.s),
  };
  if (order.status === ORDER_STATUS.cancelled || order.cancelled_at !== null || order.customer_email === '') return { kind: 'closed', context };
  return context.products.some((p) => !p.reviewed) ? { kind: 'open', context } : { kind: 'done', context };
}

/** One product's part of the form; an empty rating skips the product. */
export interface ProductAnswer {
  productId: string;
  rating: string;
  title: string;
  content: string;
  photos: string[];
  video: string;
}

export interface ReviewFormInput {
  author: string;
  answers: ProductAnswer[];
}

/** A review ready to write: its product and the media already checked. */
export interface CheckedAnswer extends ProductAnswer {
  media: ShopperMedia[];
}

export type FormCheck = { ok: true; answers: CheckedAnswer[] } | { ok: false; errors: string[]; conflict?: boolean };

/**
 * Every check before anything is written: the rated products, the lengths, and the photos and video
 * (the widget's rule: this shop's own uploads only, and stored), so a refused form writes nothing.
 */
export async function checkReviewForm(deps: TrackingDeps & { mediaBaseUrl: string }, context: ReviewFormContext, input: ReviewFormInput): Promise<FormCheck> {
  const m = emailMessages(context.language);
  const errors: string[] = [];
  const titled = (answer: ProductAnswer, message: string) => (context.products.length > 1 ? `${context.products.find((p) => p.productId === answer.productId)?.title ?? ''}: ${message}` : message);
  const rated = input.answers.filter((a) => a.rating !== '' || a.title.trim() !== '' || a.content.trim() !== '' || a.photos.length > 0 || a.video !== '');
  if (rated.length === 0) return { ok: false, errors: [context.products.length > 1 ? m.err_none : m.err_rating] };
  if (rated.some((a) => context.products.find((p) => p.productId === a.productId)?.reviewed)) return { ok: false, errors: [m.done], conflict: true };
  const checked: CheckedAnswer[] = [];
  const prefix = `${deps.mediaBaseUrl}/${context.order.shop_id}/`;
  for (const answer of rated) {
    if (!/^[1-5]$/.test(answer.rating)) errors.push(titled(answer, m.err_rating));
    if (answer.title.length > 300) errors.push(titled(answer, m.err_title));
    if (answer.content.length > 10000) errors.push(titled(answer, m.err_content));
    let media: ShopperMedia[] = [];
    try {
      media = [...shopperMedia(answer.photos, prefix, 'photos'), ...shopperMedia(answer.video ? [answer.video] : [], prefix, 'video', 2)];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    const keys = (type: 1 | 2) => media.filter((x) => x.type === type).map((x) => keyOfMediaUrl(x.url, deps.mediaBaseUrl) ?? '');
    const accepted =
      media.length === answer.photos.length + (answer.video ? 1 : 0) &&
      answer.photos.length <= 5 &&
      (await allStored(deps.db, context.order.shop_id, keys(1), 'image')) &&
      (await allStored(deps.db, context.order.shop_id, keys(2), 'video'));
    if (!accepted) errors.push(titled(answer, m.err_media));
    checked.push({ ...answer, media });
  }
  const author = input.author.trim();
  if (author === '' || author.length > 120) errors.unshift(m.err_name);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: checked };
}

/**
 * Creates the verified review (source Email request) through the reviews service, then marks the order Evaluated.
 * Null when the (order, product) already has its review (a simultaneous post took the claim first).
 */
export async function submitEmailReview(deps: TrackingDeps, context: ReviewFormContext, author: string, answer: CheckedAnswer, userAgent: string | undefined) {
  const { order } = context;
  const shopper = { product_id: answer.productId, author: author.trim(), author_email: order.customer_email, title: answer.title.trim(), content: answer.content.trim(), is_verified: 1 as const };
  const verdict = await shopperReviewVerdict(deps.db, order.shop_id, shopper);
  // The offer as it stands when the review arrives: a review written under it is incentivized and rewarded, whatever its rating.
  const offer = await currentRewardOffer(deps.db, order.shop_id);
  const hasMedia = answer.media.length > 0;
  const claim = async (trx: Db, reviewId: number) => {
    if (!(await claimEmailReview(trx, { shop_id: order.shop_id, order_id: order.order_id, product_id: answer.productId, review_id: reviewId, created_at: deps.clock.now() }))) {
      throw new AlreadyReviewedError();
    }
    await recordHold(trx, order.shop_id, reviewId, verdict.reasons, deps.clock.now());
    if (offer) await grantRewardIn(trx, { shopId: order.shop_id, reviewId, email: order.customer_email, hasMedia, offer, now: deps.clock.now() });
  };
  const body = {
    ...shopper,
    order_id: order.order_id,
    rating: Number(answer.rating) as 1 | 2 | 3 | 4 | 5,
    source: 'Email request',
    // Held by a rule; otherwise the shop's auto-publish setting decides, as before.
    ...(verdict.publish === 0 ? { is_published: 0 as const } : {}),
    is_incentivized: offer ? (1 as const) : (0 as const),
    ...(hasMedia ? { media: answer.media } : {}),
  };
  let review;
  try {
    review = await createReview(deps, order.shop_id, body, claim);
  } catch (error) {
    if (error instanceof AlreadyReviewedError) return null;
    throw error;
  }
  await recordEmailReview(deps, order, answer.productId, review.id, userAgent);
  return review;
}

/** The thank-you line of each product reviewed. */
export const thanksLines = (m: EmailMessages, titles: string[]): string[] => titles.map((product) => fill(m.thanks, { product }));
