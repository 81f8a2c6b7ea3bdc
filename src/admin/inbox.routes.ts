import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HideReason } from '../reviews/reviews.moderation.ts';
import { adminActorOf, adminOf } from './admin.auth.ts';
import { badInput } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { HideReasonSchema, InboxQuerySchema, MediaParams, ReviewDetailSchema, ReviewItemSchema, ReviewParams } from './inbox.schemas.ts';
import { listInbox, moderate, removeReview, reviewChanges, reviewDetail, reviewIdOf } from './inbox.service.ts';

const detail = { 200: ReviewDetailSchema, ...PROBLEMS };

/** The reviews inbox: list with filters and full-text search, detail, one-review moderation. */
export const inboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/reviews',
    {
      schema: {
        summary: 'Reviews inbox',
        description:
          'Filters combine with AND; q is full-text search (FTS5 / tsvector). Cursor pagination. total is exact up to 10,000 matches; beyond that it is 10,000 with total_is_exact false (the console says "10,000+"), so a page costs the same at any shop size. A search combined with other filters counts among the first 20,000 hits of its words: total_is_exact false then means at least total.',
        tags,
        security,
        params: ShopIdParams,
        querystring: InboxQuerySchema,
        response: {
          200: Type.Object({
            items: Type.Array(ReviewItemSchema),
            next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page; null on the last' }),
            total: Type.Integer({ description: 'matches in all, or a lower bound when total_is_exact is false' }),
            total_is_exact: Type.Boolean({ description: 'false when counting stopped: at least total matches (10,000, or fewer for a search with other filters that has more than 20,000 hits)' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => listInbox(app, adminOf(request).shopId, request.query),
  );

  app.get(
    '/shops/:shop_id/reviews/changes',
    {
      schema: {
        summary: 'New and changed reviews since a token',
        description: 'Poll (every ~15 s) to show new reviews without a reload. Without since: no items, only the token to start from.',
        tags,
        security,
        params: ShopIdParams,
        querystring: Type.Object({ since: Type.Optional(Type.String({ maxLength: 40, description: 'the since of the previous answer' })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(ReviewItemSchema, { description: 'created or changed, oldest change first (at most 100)' }),
            since: Type.String({ description: 'send as since next time' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => reviewChanges(app, adminOf(request).shopId, request.query.since),
  );

  app.get(
    '/shops/:shop_id/reviews/:review_id',
    {
      schema: {
        summary: 'One review with media, order and history',
        description: 'Every field, the media with their visibility, the order and customer it came from, and its ledger history.',
        tags,
        security,
        params: ReviewParams,
        response: detail,
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => reviewDetail(app, adminOf(request).shopId, reviewIdOf(request.params.review_id)),
  );

  app.post(
    '/shops/:shop_id/reviews/:review_id/publish',
    {
      schema: {
        summary: 'Publish a review',
        description: 'Shown on the storefront and counted in the ratings at once; subscribers get review/updated.',
        tags,
        security,
        params: ReviewParams,
        response: detail,
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'publish' });
    },
  );

  app.post(
    '/shops/:shop_id/reviews/:review_id/hide',
    {
      schema: {
        summary: 'Hide a review with a reason',
        description: 'Leaves the storefront and the ratings; subscribers get review/deleted. Reason "spam" files it as spam.',
        tags,
        security,
        params: ReviewParams,
        body: Body({ reason: HideReasonSchema }),
        response: detail,
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'hide', reason: request.body.reason as HideReason });
    },
  );

  app.patch(
    '/shops/:shop_id/reviews/:review_id',
    {
      schema: {
        summary: 'Feature, pin or tag a review',
        description: 'Send at least one of featured, pinned, tag.',
        tags,
        security,
        params: ReviewParams,
        body: Body({
          featured: Type.Optional(Type.Boolean({ description: 'featured' })),
          pinned: Type.Optional(Type.Boolean({ description: 'pinned to the top' })),
          tag: Type.Optional(Type.String({ maxLength: 64, description: 'free tag, up to 64 characters ("" clears)' })),
        }),
        response: detail,
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      const { featured, pinned, tag } = request.body;
      if (featured === undefined && pinned === undefined && tag === undefined) throw badInput('body', 'must set featured, pinned or tag');
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'flags', featured, pinned, tag });
    },
  );

  app.put(
    '/shops/:shop_id/reviews/:review_id/reply',
    {
      schema: {
        summary: 'Write or replace the public reply',
        description: 'Shown under the review on the storefront at once.',
        tags,
        security,
        params: ReviewParams,
        body: Body({ content: Type.String({ minLength: 1, maxLength: 5000, description: 'reply text, 1-5000 characters' }) }),
        response: detail,
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'reply', content: request.body.content });
    },
  );

  app.delete(
    '/shops/:shop_id/reviews/:review_id/reply',
    {
      schema: { summary: 'Remove the public reply', description: 'The review shows no reply any more.', tags, security, params: ReviewParams, response: detail },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'reply', content: null });
    },
  );

  app.put(
    '/shops/:shop_id/reviews/:review_id/media/:index',
    {
      schema: {
        summary: 'Hide or show one photo or video',
        description: 'A hidden item is left out on the storefront; the review stays.',
        tags,
        security,
        params: MediaParams,
        body: Body({ hidden: Type.Boolean({ description: 'true hides the item' }) }),
        response: detail,
      },
      config: { adminRole: 'moderator' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      const index = /^[0-9]{1,3}$/.test(request.params.index) ? Number(request.params.index) : -1;
      return moderate(app, shopId, reviewIdOf(request.params.review_id), actor, { kind: 'media', index, hidden: request.body.hidden });
    },
  );

  app.delete(
    '/shops/:shop_id/reviews/:review_id',
    {
      schema: {
        summary: 'Delete a review',
        description: 'Removes it and its rating for good; subscribers get review/deleted. The ledger keeps who and when.',
        tags,
        security,
        params: ReviewParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...PROBLEMS },
      },
      config: { adminRole: 'moderator' },
    },
    async (request, reply) => {
      const { shopId, actor } = adminActorOf(request);
      await removeReview(app, shopId, reviewIdOf(request.params.review_id), actor);
      return reply.status(204).send(null);
    },
  );
};
