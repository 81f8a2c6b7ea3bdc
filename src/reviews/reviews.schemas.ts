import { Type, type Static } from '@sinclair/typebox';
import { Flag, IdInput, IdString, PagedList, PageQuery, QueryList, WireTime } from '../http/schemas.ts';

export const REVIEW_SOURCES = ['CSV uploaded', 'AliExpress', 'Amazon', 'Store front', 'Store link', 'Email request', 'Auto', 'Shop', 'QR Code', 'Shopee', 'ChatWILL'] as const;

const MediaUrl = Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL' });

export const MediaItemInput = Type.Object({
  url: MediaUrl,
  thumbnail_url: Type.Optional(Type.String({ maxLength: 2048, description: 'thumbnail URL' })),
  type: Type.Optional(
    Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal('1'), Type.Literal('2')], {
      description: '1 image, 2 video (default 1)',
    }),
  ),
  is_published: Type.Optional(Flag('shown on the storefront (default 1)')),
});

export const LegacyMediaInput = Type.Object(
  {
    images: Type.Optional(Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 10, description: 'image URLs, at most 10' })),
    thumbnails: Type.Optional(Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 10, description: 'thumbnail URLs, same order as images' })),
    video: Type.Optional(Type.String({ maxLength: 2048, description: 'video URL' })),
    video_thumbnail: Type.Optional(Type.String({ maxLength: 2048, description: 'video thumbnail URL' })),
  },
  { description: '2025 object form' },
);

export const CreateReviewBody = Type.Object({
  order_id: Type.Optional(IdInput('store order id, "" when none', { allowEmpty: true })),
  product_id: Type.Optional(IdInput('store product id; 0 or absent = store review')),
  rating: Type.Union(
    [1, 2, 3, 4, 5].map((n) => Type.Literal(n)),
    { description: 'star rating 1-5' },
  ),
  author: Type.String({ minLength: 1, maxLength: 120, description: 'author name, 1-120 characters' }),
  author_email: Type.Optional(Type.String({ maxLength: 254, description: 'author email' })),
  author_phone: Type.Optional(Type.String({ maxLength: 40, description: 'author phone' })),
  author_country: Type.Optional(Type.String({ maxLength: 8, description: 'region code, e.g. US' })),
  title: Type.Optional(Type.String({ maxLength: 300, description: 'title, up to 300 characters' })),
  content: Type.Optional(Type.String({ maxLength: 10000, description: 'body, up to 10000 characters' })),
  commented_at: Type.Optional(WireTime('review time (default: now)')),
  item_type: Type.Optional(Type.String({ maxLength: 120, description: 'variant, e.g. Red; up to 120 characters' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: `origin; one of ${REVIEW_SOURCES.join(', ')} or another label (default Shop)` })),
  tag: Type.Optional(Type.String({ maxLength: 120, description: 'free tag' })),
  is_verified: Type.Optional(Flag('verified buyer (default 0)')),
  is_featured: Type.Optional(Flag('featured (default 0)')),
  is_published: Type.Optional(Flag("published (default: the shop's auto-publish setting, 1)")),
  is_top: Type.Optional(Flag('pinned (default 0)')),
  is_incentivized: Type.Optional(Flag('Plaudit extension: 1 when the reviewer was offered or given a reward for the review (default 0)')),
  media: Type.Optional(
    Type.Union([Type.Array(MediaItemInput, { maxItems: 11, description: '2026 array form' }), LegacyMediaInput], {
      description: 'photos (at most 10) and a video (at most 1), in either the 2026 array form or the 2025 object form',
    }),
  ),
  reply: Type.Optional(
    Type.Union(
      [
        Type.Object({
          content: Type.Optional(Type.String({ maxLength: 10000, description: 'reply text' })),
          reply_at: Type.Optional(WireTime('reply time (default: now)')),
        }),
        Type.Null(),
      ],
      { description: 'merchant reply' },
    ),
  ),
});
export type CreateReviewBody = Static<typeof CreateReviewBody>;

export const ReviewMedia = Type.Object({
  url: Type.String({ description: 'media URL' }),
  thumbnail_url: Type.String({ description: 'thumbnail URL ("" when none)' }),
  type: Type.Integer({ description: '1 image, 2 video' }),
  is_published: Type.Integer({ description: '0/1' }),
});
export type ReviewMedia = Static<typeof ReviewMedia>;

export const Review = Type.Object(
  {
    id: IdString('review id'),
    product_id: IdString('store product id; "0" for a store review'),
    product_title: Type.String({ description: 'product title when the product is known, else ""' }),
    product_handle: Type.String({ description: 'product handle when the product is known, else ""' }),
    order_id: Type.String({ description: 'store order id, "" when none' }),
    rating: Type.Integer({ description: 'stars, 1-5' }),
    author: Type.String({ description: 'author name' }),
    author_email: Type.String({ description: 'author email, "" when unknown' }),
    author_phone: Type.String({ description: 'author phone, "" when unknown' }),
    author_country: Type.String({ description: 'author region code, e.g. US' }),
    title: Type.String({ description: 'review title' }),
    content: Type.String({ description: 'review text (plain text; render escaped)' }),
    commented_at: Type.String({ description: 'YYYY-MM-DD HH:MM:SS (UTC)' }),
    item_type: Type.String({ description: 'variant, e.g. Red' }),
    source: Type.String({ description: 'origin, e.g. Shop, Email request, Store front, ChatWILL' }),
    tag: Type.String({ description: 'free tag' }),
    is_verified: Type.Integer({ description: '1 = verified buyer' }),
    is_featured: Type.Integer({ description: '1 = featured' }),
    is_published: Type.Integer({ description: '1 = shown on the storefront and counted in ratings' }),
    is_top: Type.Integer({ description: '1 = pinned' }),
    is_incentivized: Type.Integer({ description: 'Plaudit extension: 1 = the reviewer was offered or given a reward for this review (disclose it)' }),
    media: Type.Array(ReviewMedia, { description: 'photos and video, [] when none' }),
    reply: Type.Union([Type.Object({ content: Type.String({ description: 'reply text' }), reply_at: Type.String({ description: 'YYYY-MM-DD HH:MM:SS (UTC)' }) }), Type.Null()], {
      description: 'merchant reply, or null',
    }),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
    updated_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: 'A review' },
);
export type Review = Static<typeof Review>;

export const GetReviewQuery = Type.Object({
  id: Type.Optional(IdInput('review id')),
  review_id: Type.Optional(IdInput('alias of id')),
});

export const DeleteReviewBody = GetReviewQuery;

export const SORTS = ['created-descending', 'created-ascending'] as const;

export const GetReviewsQuery = Type.Object({
  product_ids: Type.Optional(QueryList('store product ids')),
  is_store_review: Type.Optional(Flag('1: store reviews only; 0: product reviews only')),
  keyword: Type.Optional(Type.String({ maxLength: 200, description: 'case-insensitive match in title, content and author' })),
  ratings: Type.Optional(QueryList('star values 1-5')),
  sources: Type.Optional(QueryList('review sources')),
  is_published: Type.Optional(Flag('filter on published state')),
  sort_by: Type.Optional(
    Type.Union(
      SORTS.map((s) => Type.Literal(s)),
      { description: 'by commented_at (default created-descending)' },
    ),
  ),
  ...PageQuery,
});
export type GetReviewsQuery = Static<typeof GetReviewsQuery>;

export const ReviewList = PagedList(Review);
