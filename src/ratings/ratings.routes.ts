import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { PARTNER_SECURITY } from '../http/openapi.ts';
import { GetRatingQuery, Rating } from './ratings.schemas.ts';
import { getRating } from './ratings.service.ts';

export const ratingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/get_rating',
    {
      schema: {
        summary: 'Get a star-rating summary',
        description:
          'Average and per-star counts of published reviews. Precedence: is_all_rating, is_all_products_rating, ' +
          'is_store_rating, product_id, product_handle ("undefined", "null" and "" count as absent). Scope read_reviews.',
        tags: ['Reviews'],
        security: PARTNER_SECURITY,
        querystring: GetRatingQuery,
        response: { 200: envelopeOf(Rating) },
      },
      config: { auth: 'partner', scope: 'read_reviews' },
    },
    async (request) => ok(request, await getRating(app.db, request.auth.shopId, request.query)),
  );
};
