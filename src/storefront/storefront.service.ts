import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { DialectName } from '../db/dialect.ts';
import type { EventSink } from '../events/events.ts';
import { ApiError, invalidArgument, notFound } from '../http/errors.ts';
import { isAbsent, listValues } from '../http/schemas.ts';
import type { Clock } from '../lib/clock.ts';
import { shopperMedia } from '../media/media.shopper.ts';
import { findProductByHandle } from '../products/products.queries.ts';
import { ALL_REVIEWS } from '../ratings/ratings.queries.ts';
import { createReview } from '../reviews/reviews.service.ts';
import { recordHold, shopperReviewVerdict } from '../moderation/rules.service.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import { toPublicRating, toPublicReview } from './storefront.mapping.ts';
import * as q from './storefront.queries.ts';
import type { HelpfulBody, ProductRatingItem, ProductReviewsPage, ProductReviewsQuery, ProductsRatingQuery, ShopSelector, SubmitReviewBody } from './storefront.schemas.ts';

export interface StorefrontDeps {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: EventSink;
}

export const DEFAULT_MIN_PUBLISH_RATING = 4;
const EMAIL_LIMIT = { max: 3, windowMs: 60 * 60 * 1000 };
const PRODUCT_ID = /^[0-9]{1,20}$/;

/** The shop a public request names: by domain, id or public token. Unknown shop: code 5. */
export async function resolveShop(db: Db, selector: ShopSelector): Promise<ShopRow> {
  const shop = !isAbsent(selector.shop)
    ? await q.findShopBy(db, 'domain', selector.shop.trim().toLowerCase())
    : !isAbsent(selector.shop_id)
      ? await q.findShopBy(db, 'id', Number(selector.shop_id))
      : !isAbsent(selector.public_token)
        ? await q.findShopBy(db, 'public_token', selector.public_token)
        : undefined;
  if (shop) return shop;
  if (isAbsent(selector.shop) && isAbsent(selector.shop_id) && isAbsent(selector.public_token)) {
    throw invalidArgument('shop', 'or shop_id or public_token is required');
  }
  throw notFound('shop');
}

/** The product a request names (id wins over handle); null = the whole shop; '' = an unknown handle. */
export async function productIdOf(db: Db, shopId: number, input: { product_id?: string; product_handle?: string }): Promise<string | null> {
  if (!isAbsent(input.product_id)) {
    if (!PRODUCT_ID.test(input.product_id)) throw invalidArgument('product_id', 'must be a numeric product id');
    return input.product_id.replace(/^0+(?=\d)/, '');
  }
  if (!isAbsent(input.product_handle)) return (await findProductByHandle(db, shopId, input.product_handle))?.product_id ?? '';
  return null;
}

export async function publicReviews(db: Db, shop: ShopRow, query: ProductReviewsQuery): Promise<ProductReviewsPage> {
  const productId = await productIdOf(db, shop.id, query);
  const page = query.page ?? 1;
  const limit = query.limit ?? 10;
  const sort = query.sort_by ?? 'comprehensive-descending';
  const filter = {
    ...(productId === null ? {} : { productId }),
    ...(query.star ? { star: query.star } : {}),
    ...(query.min_star ? { minStar: query.min_star } : {}),
    withMedia: query.has_media === 1,
  };
  const [{ rows, count }, summaries] = await Promise.all([
    q.listPublishedReviews(db, shop.id, filter, sort, { offset: (page - 1) * limit, limit }),
    q.ratingSummaries(db, shop.id, [productId ?? ALL_REVIEWS]),
  ]);
  const helpful = await q.helpfulCounts(
    db,
    shop.id,
    rows.map((r) => Number(r.id)),
  );
  return {
    list: rows.map((row) => toPublicReview(row, helpful.get(Number(row.id)) ?? 0)),
    page: { cur_page: page, total_page: Math.ceil(count / limit), count },
    rating: toPublicRating(summaries[0]),
  };
}

/** Ratings of many products in one call, aligned with the requested handles (or ids). */
export async function productsRating(db: Db, shop: ShopRow, query: ProductsRatingQuery): Promise<ProductRatingItem[]> {
  if (query.is_all_rating === 1) {
    const rating = toPublicRating((await q.ratingSummaries(db, shop.id, [ALL_REVIEWS]))[0]);
    return [{ product_id: '', product_handle: '', rating: rating.rating, total_reviews: rating.total_reviews }];
  }
  const byHandle = listValues(query.product_handle).length > 0;
  const wanted = listValues(byHandle ? query.product_handle : query.product_id);
  const field = byHandle ? 'product_handle' : 'product_id';
  if (wanted.length === 0) throw invalidArgument('product_handle', 'or product_id is required');
  if (wanted.length > 100) throw invalidArgument(field, 'allows at most 100 values');
  if (!byHandle && wanted.some((id) => !PRODUCT_ID.test(id))) throw invalidArgument('product_id', 'must be numeric product ids');
  const products = byHandle ? await q.productsByHandles(db, shop.id, wanted) : await q.productsByIds(db, shop.id, wanted);
  const idOf = new Map(products.map((p) => [byHandle ? p.handle : p.product_id, p]));
  const ids = byHandle ? wanted.map((h) => idOf.get(h)?.product_id ?? '') : wanted;
  const summaries = new Map(
    (
      await q.ratingSummaries(
        db,
        shop.id,
        ids.filter((id) => id !== ''),
      )
    ).map((s) => [s.subject, s]),
  );
  return wanted.map((key, i) => {
    const rating = toPublicRating(summaries.get(ids[i]!));
    return {
      product_id: ids[i]!,
      product_handle: byHandle ? key : (idOf.get(key)?.handle ?? ''),
      rating: rating.rating,
      total_reviews: rating.total_reviews,
    };
  });
}

export async function minPublishRating(db: Db, shopId: number): Promise<number> {
  return (await q.findSettings(db, shopId))?.min_publish_rating ?? DEFAULT_MIN_PUBLISH_RATING;
}

export async function setMinPublishRating(deps: Pick<StorefrontDeps, 'db' | 'clock'>, shopId: number, value: number): Promise<void> {
  if (!Number.isInteger(value) || value < 1 || value > 6) throw invalidArgument('min_publish_rating', 'must be 1-5, or 6 to hold every review');
  await q.upsertSettings(deps.db, shopId, value, deps.clock.now());
}

/**
 * A shopper's review: dropped silently when the honeypot is filled, limited per email,
 * published or held by the shop's rule, and saved through createReview (ratings, events).
 */
export async function submitReview(deps: StorefrontDeps, shop: ShopRow, body: SubmitReviewBody, mediaBaseUrl: string): Promise<{ status: 'published' | 'pending' }> {
  if (body.website !== undefined && body.website.trim() !== '') return { status: 'pending' };
  const media = shopperMedia(body.photos ?? [], `${mediaBaseUrl}/${shop.id}/`, 'photos');
  const productId = await productIdOf(deps.db, shop.id, body);
  if (productId === '') throw notFound('product');
  const email = body.author_email.trim().toLowerCase();
  const tooMany = () => new ApiError('resource_exhausted', 'rate limit exceeded: too many reviews from this email address, try again later', 429);
  // A cheap early refusal; the count that decides is taken inside the review's transaction below.
  if ((await q.countRecentReviewsByEmail(deps.db, shop.id, email, deps.clock.now() - EMAIL_LIMIT.windowMs)) >= EMAIL_LIMIT.max) throw tooMany();
  const emailHash = createHash('sha256').update(email).digest('hex');
  const countSubmission = async (trx: Db) => {
    if ((await q.countSubmissionByEmail(trx, shop.id, emailHash, deps.clock.now(), EMAIL_LIMIT.windowMs)) > EMAIL_LIMIT.max) throw tooMany();
  };
  const review = { product_id: productId ?? '0', author: body.author, author_email: email, title: body.title?.trim() ?? '', content: body.content.trim(), is_verified: 0 as const };
  const verdict = await shopperReviewVerdict(deps.db, shop.id, review, body.rating < (await minPublishRating(deps.db, shop.id)));
  await createReview(
    deps,
    shop.id,
    {
      ...review,
      rating: body.rating as 1 | 2 | 3 | 4 | 5,
      source: 'Store front',
      is_published: verdict.publish,
      media,
    },
    async (trx, reviewId) => {
      await countSubmission(trx);
      await recordHold(trx, shop.id, reviewId, verdict.reasons, deps.clock.now());
    },
  );
  return { status: verdict.publish === 1 ? 'published' : 'pending' };
}

/** One vote per visitor per review; the visitor is a keyed hash of address and user agent (no cookie). */
export async function voteHelpful(
  deps: Pick<StorefrontDeps, 'db' | 'clock'>,
  shop: ShopRow,
  body: HelpfulBody,
  visitor: { ip: string; userAgent: string; key: string },
): Promise<{ helpful_count: number; counted: 0 | 1 }> {
  const reviewId = Number(body.review_id);
  if (!Number.isSafeInteger(reviewId) || !(await q.findPublishedReviewId(deps.db, shop.id, reviewId))) throw notFound('review');
  const voter = createHmac('sha256', visitor.key).update(`${reviewId}|${visitor.ip}|${visitor.userAgent}`).digest('base64url').slice(0, 32);
  const counted = await q.insertVote(deps.db, { shop_id: shop.id, review_id: reviewId, voter, created_at: deps.clock.now() });
  const counts = await q.helpfulCounts(deps.db, shop.id, [reviewId]);
  return { helpful_count: counts.get(reviewId) ?? 0, counted: counted ? 1 : 0 };
}
