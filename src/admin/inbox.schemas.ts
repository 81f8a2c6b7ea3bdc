import { Type } from '@sinclair/typebox';
import { HIDE_REASONS, type HideReason } from '../reviews/reviews.moderation.ts';
import { ShopIdParams } from './admin.schemas.ts';
import { SORTS } from './inbox.filter.ts';

const Str = (description: string) => Type.String({ description });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const HideReasonSchema = Type.Unsafe<HideReason>({ type: 'string', enum: [...HIDE_REASONS], description: `one of ${HIDE_REASONS.join(', ')} ("spam" files it as spam)` });

export const FilterProperties = {
  status: Type.Optional(Type.String({ maxLength: 100, description: 'pending, published, hidden, spam (comma-separated for several)' })),
  rating: Type.Optional(Type.String({ maxLength: 20, description: 'star values 1-5 (comma-separated for several)' })),
  media: Type.Optional(Type.Union([Type.Literal('photo'), Type.Literal('video'), Type.Literal('any'), Type.Literal('none')], { description: 'photo, video, any (either) or none' })),
  product_id: Type.Optional(Type.String({ maxLength: 20, description: 'store product id; 0 = store reviews' })),
  source: Type.Optional(Type.String({ maxLength: 64, description: 'source label, e.g. Email request' })),
  verified: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true or false' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339; reviews written at or after' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339; reviews written before' })),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'full-text search over author, title, content and reply (all words, grammatical forms included on SQLite; a last word no review holds is completed as a prefix)',
    }),
  ),
};

export const InboxQuerySchema = Type.Object(
  {
    ...FilterProperties,
    sort: Type.Optional(
      Type.Union(
        SORTS.map((s) => Type.Literal(s)),
        { description: SORTS.join(', ') + ' (default newest)' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'page size 1-100 (default 25)' })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const ReviewItemSchema = Type.Object({
  id: Str('review id'),
  status: Type.Union([Type.Literal('pending'), Type.Literal('published'), Type.Literal('hidden'), Type.Literal('spam')], { description: 'moderation status' }),
  hide_reason: Type.Union([Type.String({ description: 'a hide reason' }), Type.Null()], { description: 'why hidden; null unless hidden or spam' }),
  rating: Type.Integer({ description: 'stars 1-5' }),
  title: Str('title'),
  content: Str('text (untrusted: render as text)'),
  author: Str('author name'),
  author_email: Str('author email'),
  product_id: Str('product id; "0" = store review'),
  product_title: Nullable(Str('product title')),
  source: Str('where the review came from'),
  verified: Type.Boolean({ description: 'verified buyer' }),
  featured: Type.Boolean({ description: 'featured' }),
  pinned: Type.Boolean({ description: 'pinned to the top' }),
  tag: Str('free tag'),
  photo_count: Type.Integer({ description: 'photos' }),
  video_count: Type.Integer({ description: 'videos' }),
  reply: Type.Union([Type.Object({ content: Str('public reply'), replied_at: Str('RFC 3339') }), Type.Null()], { description: 'the public reply' }),
  commented_at: Str('written at (RFC 3339)'),
  created_at: Str('stored at (RFC 3339)'),
  updated_at: Str('last change (RFC 3339)'),
});

const LedgerEntrySchema = Type.Object({
  seq: Type.Integer({ description: '1, 2, 3… per shop' }),
  at: Str('RFC 3339'),
  actor: Type.Object({ account_id: Type.Union([Str('account id'), Type.Null()]), email: Str('who (or "cli")') }),
  action: Str('e.g. review.hide'),
  subject: Str('e.g. review:42'),
  before: Type.Unknown({ description: 'state before' }),
  after: Type.Unknown({ description: 'state after' }),
  prev_hash: Str('hash of the previous entry'),
  hash: Str('SHA-256 of this entry'),
});
export { LedgerEntrySchema };

export const ReviewDetailSchema = Type.Intersect([
  ReviewItemSchema,
  Type.Object({
    author_phone: Str('author phone'),
    author_country: Str('author region code'),
    item_type: Str('variant'),
    order_id: Str('store order id ("" when none)'),
    media: Type.Array(
      Type.Object({
        index: Type.Integer({ description: 'position; use in PUT …/media/{index}' }),
        type: Type.Union([Type.Literal('image'), Type.Literal('video')], { description: 'image or video' }),
        url: Str('URL'),
        thumbnail_url: Str('thumbnail URL'),
        hidden: Type.Boolean({ description: 'hidden from the storefront' }),
      }),
      { description: 'photos and videos' },
    ),
    order: Type.Union(
      [
        Type.Object({
          order_id: Str('store order id'),
          order_name: Str('order name'),
          customer_name: Str('customer'),
          customer_email: Str('customer email'),
          status: Str('review-request status'),
          created_at: Str('ordered at'),
        }),
        Type.Null(),
      ],
      { description: 'the order the review came from' },
    ),
    history: Type.Array(LedgerEntrySchema, { description: "the review's ledger entries, oldest first" }),
    hold: Type.Union(
      [
        Type.Object({
          reasons: Type.Array(Str('rating, link, blocked_word, repeat_reviewer or not_verified'), { description: 'the rules that held it' }),
          held_at: Str('held at (RFC 3339)'),
          released_at: Nullable(Str("published by the worker after the shop's release delay (RFC 3339)")),
        }),
        Type.Null(),
      ],
      { description: 'why a moderation rule held the review; null when none did' },
    ),
  }),
]);

export const ReviewParams = Type.Object({ ...ShopIdParams.properties, review_id: Type.String({ description: 'review id' }) });
export const MediaParams = Type.Object({ ...ReviewParams.properties, index: Type.String({ description: 'media position (0-based)' }) });
