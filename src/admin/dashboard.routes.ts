import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { ReviewItemSchema } from './inbox.schemas.ts';
import { dashboard, productList } from './dashboard.service.ts';

const Num = (description: string) => Type.Number({ description });

export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/dashboard',
    {
      schema: {
        summary: 'Dashboard numbers',
        description: 'Average and count, weekly trend over 52 weeks, pending, new this week, share with photos, request funnel, latest low ratings.',
        tags,
        security,
        params: ShopIdParams,
        response: {
          200: Type.Object({
            rating: Type.Object({ average: Num('average stars of published reviews'), count: Num('published reviews') }),
            trend: Type.Array(
              Type.Object({
                week_start: Type.String({ description: 'RFC 3339' }),
                count: Num('published reviews written that week'),
                average: Type.Union([Type.Number(), Type.Null()], { description: 'their average; null when none' }),
              }),
              { description: '52 weeks, oldest first' },
            ),
            pending_count: Num('reviews awaiting moderation'),
            new_this_week: Num('reviews received in the last 7 days'),
            photo_share: Num('share of published reviews with a photo, 0-1'),
            funnel: Type.Object(
              {
                sent: Num('review requests sent'),
                opened: Num('orders whose request email was opened (the image loaded, or a link followed: a click implies an open)'),
                clicked: Num('orders whose shopper followed a link of a request or reminder email (a star, "write a review")'),
                reviewed: Num('orders that led to a review'),
              },
              { description: 'the review-request funnel over all orders: sent → opened → clicked → reviewed, each step within the one before' },
            ),
            latest_low_ratings: Type.Array(ReviewItemSchema, { description: 'newest 5 reviews with 1-2 stars' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => dashboard(app, adminOf(request).shopId),
  );

  app.get(
    '/shops/:shop_id/products',
    {
      schema: {
        summary: 'Products with rating and count',
        description: "The shop's products with the average and number of published reviews; q matches the title.",
        tags,
        security,
        params: ShopIdParams,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the title' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'page size 1-100 (default 25)' })),
            cursor: Type.Optional(Type.String({ maxLength: 40, description: 'next_cursor of the previous page' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                product_id: Type.String({ description: 'store product id' }),
                title: Type.String({ description: 'title' }),
                handle: Type.String({ description: 'handle' }),
                rating: Num('average stars'),
                count: Num('published reviews'),
              }),
            ),
            next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'cursor of the next page' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => productList(app, adminOf(request).shopId, request.query),
  );
};
