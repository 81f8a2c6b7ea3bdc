import { Type, type Static } from '@sinclair/typebox';
import { Flag, IdInput, QueryList } from '../http/schemas.ts';

/**
 * Public (storefront) wire shapes. They are separate from the partner schemas on purpose:
 * the response serialiser keeps only these fields, so emails, phones, order ids and
 * moderation flags can never leak to a shopper.
 */

const ShopSelector = {
  shop: Type.Optional(Type.String({ maxLength: 253, description: 'shop domain, e.g. demo.myshopify.com' })),
  shop_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'Plaudit shop id (alternative to shop)' })),
  public_token: Type.Optional(Type.String({ maxLength: 64, description: "the shop's public token (alternative to shop)" })),
};
export const ShopSelectorSchema = ShopSelector;
export type ShopSelector = { shop?: string; shop_id?: string; public_token?: string };

export const STOREFRONT_SORTS = ['comprehensive-descending', 'created-descending', 'rating-descending', 'rating-ascending', 'helpful-descending', 'media-first'] as const;
export type StorefrontSort = (typeof STOREFRONT_SORTS)[number];

export const ProductReviewsQuery = Type.Object({
  ...ShopSelector,
  product_id: Type.Optional(Type.String({ maxLength: 40, description: 'store product id; absent (with product_handle absent) = every review of the shop' })),
  product_handle: Type.Optional(Type.String({ maxLength: 255, description: 'product handle, used when product_id is absent' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page, 1-based (default 1)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'page size 1-50 (default 10)' })),
  sort_by: Type.Optional(
    Type.Union(
      STOREFRONT_SORTS.map((s) => Type.Literal(s)),
      { description: 'order (default comprehensive-descending: pinned, then with media, then newest)' },
    ),
  ),
  star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'only reviews with this many stars' })),
  min_star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'only reviews with at least this many stars' })),
  has_media: Type.Optional(Flag('1: only reviews with photos or videos')),
  scene: Type.Optional(Type.String({ maxLength: 8, description: 'accepted for compatibility, ignored' })),
  is_show_all: Type.Optional(Type.String({ maxLength: 8, description: 'accepted for compatibility, ignored' })),
  no_empty: Type.Optional(Type.String({ maxLength: 8, description: 'accepted for compatibility, ignored' })),
});
export type ProductReviewsQuery = Static<typeof ProductReviewsQuery>;

export const PublicMedia = Type.Object({
  resource_type: Type.Integer({ description: '1 image, 2 video' }),
  src: Type.String({ description: 'media URL' }),
  thumb: Type.String({ description: 'thumbnail URL, or the media URL when there is none' }),
  width: Type.Integer({ description: 'pixel width, 0 when unknown' }),
  height: Type.Integer({ description: 'pixel height, 0 when unknown' }),
  average_hue: Type.String({ description: 'placeholder colour, "" when unknown' }),
  video_player_url: Type.String({ description: 'video player page, "" when none' }),
});
export type PublicMedia = Static<typeof PublicMedia>;

export const PublicReview = Type.Object(
  {
    id: Type.String({ description: 'review id' }),
    star: Type.Integer({ description: 'stars 1-5' }),
    author: Type.String({ description: 'display name' }),
    title: Type.String({ description: 'title ("" when none)' }),
    content: Type.String({ description: 'body text' }),
    commented_at: Type.String({ description: 'YYYY-MM-DD HH:MM:SS (UTC)' }),
    reply_content: Type.String({ description: 'merchant reply ("" when none)' }),
    verified_badge: Type.Integer({ description: '1 when the author is a verified buyer' }),
    is_incentivized: Type.Integer({ description: '1 when the reviewer was offered or given a reward for the review (shown as a disclosure)' }),
    helpful_count: Type.Integer({ description: 'visitors who found the review helpful' }),
    resources: Type.Array(PublicMedia, { description: 'published photos and videos' }),
    corresponding_product: Type.Object(
      {
        product_id: Type.String({ description: 'store product id ("0" for a store review)' }),
        product_name: Type.String({ description: 'product title ("" when unknown)' }),
        product_handle: Type.String({ description: 'product handle ("" when unknown)' }),
        product_image: Type.String({ description: 'product image URL ("" when unknown)' }),
        product_url: Type.String({ description: 'product page URL ("" when unknown)' }),
      },
      { description: 'the reviewed product' },
    ),
  },
  { description: 'A published review, as shown to shoppers' },
);
export type PublicReview = Static<typeof PublicReview>;

export const PublicRating = Type.Object(
  {
    rating: Type.Number({ description: 'average stars rounded to one decimal; 0 when there are no reviews' }),
    total_reviews: Type.Integer({ description: 'published reviews' }),
    stars: Type.Array(Type.Integer(), { description: 'review counts for 1, 2, 3, 4 and 5 stars' }),
  },
  { description: 'Rating summary of published reviews' },
);
export type PublicRating = Static<typeof PublicRating>;

export const ProductReviewsPage = Type.Object({
  list: Type.Array(PublicReview),
  page: Type.Object({
    cur_page: Type.Integer({ description: 'current page, 1-based' }),
    total_page: Type.Integer({ description: 'number of pages' }),
    count: Type.Integer({ description: 'matching reviews' }),
  }),
  rating: PublicRating,
});
export type ProductReviewsPage = Static<typeof ProductReviewsPage>;

export const ProductsRatingQuery = Type.Object({
  ...ShopSelector,
  product_handle: Type.Optional(QueryList('product handles, at most 100')),
  product_id: Type.Optional(QueryList('store product ids, at most 100, used when product_handle is absent')),
  is_all_rating: Type.Optional(Flag("1: one item with the whole shop's rating (store and product reviews)")),
});
export type ProductsRatingQuery = Static<typeof ProductsRatingQuery>;

export const ProductRatingItem = Type.Object({
  product_id: Type.String({ description: 'store product id ("" when the handle is unknown)' }),
  product_handle: Type.String({ description: 'product handle ("" when unknown)' }),
  rating: Type.Number({ description: 'average stars, one decimal; 0 when none' }),
  total_reviews: Type.Integer({ description: 'published reviews' }),
});
export const ProductsRatingList = Type.Array(ProductRatingItem, { description: 'one item per requested product, in request order' });
export type ProductRatingItem = Static<typeof ProductRatingItem>;

export const SubmitReviewBody = Type.Object({
  ...ShopSelector,
  product_id: Type.Optional(Type.String({ maxLength: 40, description: 'store product id; absent = a store review' })),
  product_handle: Type.Optional(Type.String({ maxLength: 255, description: 'product handle, used when product_id is absent' })),
  rating: Type.Integer({ minimum: 1, maximum: 5, description: 'stars 1-5' }),
  title: Type.Optional(Type.String({ maxLength: 300, description: 'title' })),
  content: Type.String({ minLength: 1, maxLength: 5000, description: 'review text' }),
  author: Type.String({ minLength: 1, maxLength: 120, description: 'display name' }),
  author_email: Type.String({ maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', description: 'email address (never shown)' }),
  photos: Type.Optional(
    Type.Array(Type.String({ maxLength: 2048, description: 'URL of an image uploaded with upload_policy' }), {
      maxItems: 5,
      description: "up to 5 photos uploaded through upload_policy (this shop's media only)",
    }),
  ),
  consent: Type.Union([Type.Literal(1), Type.Literal(true), Type.Literal('1'), Type.Literal('on')], { description: 'the shopper agreed to publication (required)' }),
  website: Type.Optional(Type.String({ maxLength: 500, description: 'honeypot: left empty by people; a submission that fills it is dropped' })),
});
export type SubmitReviewBody = Static<typeof SubmitReviewBody>;

export const SubmitReviewResult = Type.Object({
  status: Type.Union([Type.Literal('published'), Type.Literal('pending')], { description: 'published at once, or held for moderation' }),
});

export const HelpfulBody = Type.Object({
  ...ShopSelector,
  review_id: IdInput('review id'),
});
export type HelpfulBody = Static<typeof HelpfulBody>;

export const HelpfulResult = Type.Object({
  helpful_count: Type.Integer({ description: 'votes after this one' }),
  counted: Type.Integer({ description: '1 when this vote was counted, 0 when this visitor had already voted' }),
});
