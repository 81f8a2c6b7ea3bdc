import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok, sendOkJson } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { CreateReviewBody, DeleteReviewBody, GetReviewQuery, GetReviewsQuery, Review, ReviewList } from './reviews.schemas.ts';
import { createReview, deleteReview, getReview, listShopReviews, reviewIdFrom } from './reviews.service.ts';

const tags = ['Reviews'];

export const reviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/get_review',
    {
      schema: {
        summary: 'Get one review',
        description: 'Returns the review with this id. A review of another shop answers code 5. Scope read_reviews.',
        tags,
        security: PARTNER_SECURITY,
        querystring: GetReviewQuery,
        response: { 200: envelopeOf(Review) },
      },
      config: { auth: 'partner', scope: 'read_reviews' },
    },
    async (request) => ok(request, await getReview(app, request.auth.shopId, reviewIdFrom(request.query))),
  );

  app.get(
    '/get_reviews',
    {
      schema: {
        summary: 'List reviews',
        description: "Pages through the shop's reviews, published or not, newest first by default. Filters combine with AND. Scope read_reviews.",
        tags,
        security: PARTNER_SECURITY,
        querystring: GetReviewsQuery,
        response: { 200: envelopeOf(ReviewList) },
      },
      config: { auth: 'partner', scope: 'read_reviews' },
    },
    async (request, reply) => sendOkJson(request, reply, await listShopReviews(app, request.auth.shopId, request.query)),
  );

  app.post(
    '/create_review',
    {
      schema: {
        summary: 'Create a review',
        description: 'Adds a product review (product_id) or a store review (product_id 0 or absent). Only rating and author are required. ' + 'Returns the created review. Scope write_reviews.',
        tags,
        security: PARTNER_SECURITY,
        body: CreateReviewBody,
        response: { 200: envelopeOf(Review) },
      },
      config: { auth: 'partner', scope: 'write_reviews' },
    },
    async (request) => ok(request, await createReview(app, request.auth.shopId, request.body)),
  );

  app.post(
    '/delete_review',
    {
      schema: {
        summary: 'Delete a review',
        description: 'Deletes the review and removes it from the ratings. Unknown id: code 5. Scope write_reviews.',
        tags,
        security: PARTNER_SECURITY,
        body: DeleteReviewBody,
        response: { 200: envelopeOf(Type.Object({}, { description: 'empty' })) },
      },
      config: { auth: 'partner', scope: 'write_reviews' },
    },
    async (request) => {
      await deleteReview(app, request.auth.shopId, reviewIdFrom(request.body));
      return ok(request, {});
    },
  );
};
