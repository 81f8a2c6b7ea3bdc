import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { issueCredentials, PolicySigner } from '../media/media.policy.ts';
import { ImageUploadCredentials } from '../media/media.schemas.ts';
import type { ShopRow } from '../shops/shops.table.ts';
import { sendPublicRead, type PublicReadCache } from './public-cache.ts';
import {
  HelpfulBody,
  HelpfulResult,
  ProductReviewsPage,
  ProductReviewsQuery,
  ProductsRatingList,
  ProductsRatingQuery,
  ShopSelectorSchema,
  SubmitReviewBody,
  SubmitReviewResult,
  type ShopSelector,
} from './storefront.schemas.ts';
import { productsRating, publicReviews, resolveShop, submitReview, voteHelpful } from './storefront.service.ts';
import { reportStorefrontEvent, StorefrontEventBody, StorefrontEventResult } from './storefront-events.ts';

const tags = ['Storefront'];
const PUBLIC = 'Public: no credentials; the shop is named by shop (domain), shop_id or public_token. CORS for any origin.';

/** The public storefront API used by the widget and by headless storefronts (spec widget.md §2.2, §3.4). */
export const storefrontApiRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache; writeLimit: object; eventLimit: object }> = async (app, { cache, writeLimit, eventLimit }) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  const preflight = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('access-control-allow-methods', 'GET, POST, OPTIONS').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '86400').code(204).send();

  /** Resolves the shop and computes the data on a cache miss; serialises it with the public schema only. */
  const cachedRead = async <Q extends ShopSelector>(request: FastifyRequest, reply: FastifyReply, schema: TSchema, compute: (shop: ShopRow, query: Q) => Promise<unknown>) => {
    let entry = cache.get(request.url);
    if (!entry) {
      const query = request.query as Q;
      const shop = await resolveShop(app.db, query);
      const data = await compute(shop, query);
      entry = cache.set(request.url, shop.id, reply.compileSerializationSchema(schema)(data as Record<string, unknown>));
    }
    return sendPublicRead(request, reply, entry);
  };

  app.get(
    '/get_product_reviews',
    {
      schema: {
        summary: 'Published reviews of a product or of the whole shop (storefront)',
        description: `${PHRASE_READS} ${PUBLIC}`,
        tags,
        querystring: ProductReviewsQuery,
        response: { 200: envelopeOf(ProductReviewsPage) },
      },
    },
    (request, reply) => cachedRead<ProductReviewsQuery>(request, reply, ProductReviewsPage, (shop, query) => publicReviews(app.db, shop, query)),
  );

  app.get(
    '/get_products_rating',
    {
      schema: {
        summary: 'Ratings of many products in one call (storefront)',
        description: `Collection pages: one item per requested handle (or id), in request order; unknown products rate 0. ${PUBLIC}`,
        tags,
        querystring: ProductsRatingQuery,
        response: { 200: envelopeOf(ProductsRatingList) },
      },
    },
    (request, reply) => cachedRead<ProductsRatingQuery>(request, reply, ProductsRatingList, (shop, query) => productsRating(app.db, shop, query)),
  );

  app.post(
    '/submit',
    {
      schema: {
        summary: 'Submit a review from the storefront',
        description:
          'Saved as a "Store front" review; published at once when its rating reaches the shop\'s minimum (default 4), otherwise held. ' +
          `Consent is required; a filled honeypot (website) is dropped. Limits: per IP per minute, 3 per email per hour (code 8). ${PUBLIC}`,
        tags,
        body: SubmitReviewBody,
        response: { 200: envelopeOf(SubmitReviewResult) },
      },
      config: writeLimit,
    },
    async (request) => {
      const shop = await resolveShop(app.db, request.body);
      const result = await submitReview(app, shop, request.body, app.config.media.publicUrl);
      cache.clearShop(shop.id);
      return ok(request, result);
    },
  );

  const signer = new PolicySigner(app.config.secretKey);
  app.get(
    '/upload_policy',
    {
      schema: {
        summary: 'Photo upload credentials for the review form',
        description:
          "The media feature's OSS-style PostObject credentials (15 minutes) for this shop's folder: POST multipart/form-data to host " +
          `with key (= dir + file name), policy, OSSAccessKeyId, Signature, callback and file last; put the returned url in submit.photos. ${PUBLIC}`,
        tags,
        querystring: Type.Object(ShopSelectorSchema),
        response: { 200: envelopeOf(ImageUploadCredentials) },
      },
      config: writeLimit,
    },
    async (request, reply) => {
      const shop = await resolveShop(app.db, request.query);
      reply.header('cache-control', 'no-store');
      return ok(request, issueCredentials(signer, { shopId: shop.id, now: app.clock.now(), mediaBaseUrl: app.config.media.publicUrl, maxBytes: app.config.media.maxImageBytes }));
    },
  );

  app.post(
    '/helpful',
    {
      schema: {
        summary: 'Mark a review helpful',
        description: `One vote per visitor per review, recognised without cookies; a repeated vote is not counted. ${PUBLIC}`,
        tags,
        body: HelpfulBody,
        response: { 200: envelopeOf(HelpfulResult) },
      },
      config: writeLimit,
    },
    async (request) => {
      const shop = await resolveShop(app.db, request.body);
      const visitor = { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), key: app.config.secretKey };
      const result = await voteHelpful(app, shop, request.body, visitor);
      cache.clearShop(shop.id);
      return ok(request, result);
    },
  );

  app.post(
    '/events',
    {
      schema: {
        summary: 'Report a shopper interaction (storefront customer event)',
        description:
          'Stored as a customer event with event_source STOREFRONT (read with get_customer_events; customer_event/created webhook). ' +
          'Anonymous: customer id and email are not accepted. os_type defaults to the one derived from the User-Agent. ' +
          'JSON body, also as text/plain (navigator.sendBeacon). Limit: per IP per minute (code 8), six times the submit limit. ' +
          PUBLIC,
        tags,
        body: StorefrontEventBody,
        response: { 200: envelopeOf(StorefrontEventResult) },
      },
      config: eventLimit,
    },
    async (request) => {
      const shop = await resolveShop(app.db, request.body);
      return ok(request, await reportStorefrontEvent(app, shop, request.body, request.headers['user-agent']));
    },
  );

  for (const path of ['/get_product_reviews', '/get_products_rating', '/submit', '/helpful', '/upload_policy', '/events']) {
    app.options(path, { schema: { hide: true } }, preflight);
  }
};

const PHRASE_READS =
  'Only published reviews; never emails, phones or moderation fields. Absent product_id and product_handle: every review of the shop. ' +
  'data.rating is the summary (average and per-star counts) of the same product or shop. Cached: ETag and Cache-Control max-age=60.';
