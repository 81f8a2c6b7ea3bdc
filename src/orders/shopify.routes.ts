import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { receiveShopifyWebhook } from './shopify.service.ts';

const header = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));

/**
 * Shopify's order webhooks. This plugin reads bodies as raw bytes and parses them only
 * after the HMAC has been checked; answers use real HTTP statuses (Shopify retries non-2xx).
 */
export const shopifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    done(null, undefined);
  });
  app.post(
    '/integrations/shopify/webhooks',
    {
      schema: {
        summary: 'Shopify order webhooks (Plaudit extension)',
        description:
          'Subscribe the Shopify app to orders/create, orders/updated, orders/fulfilled and orders/cancelled with this URL. ' +
          "X-Shopify-Hmac-Sha256 is checked with the shop's Shopify app secret (plaudit orders shopify-secret); a bad signature " +
          'answers HTTP 401. A delivery repeated with the same X-Shopify-Webhook-Id is acknowledged and not applied again.',
        tags: ['Orders'],
        response: {
          200: Type.Object({ result: Type.String({ description: 'processed | duplicate | ignored (topic not handled)' }) }),
        },
      },
    },
    async (request) => {
      const result = await receiveShopifyWebhook(app, {
        shopDomain: header(request.headers['x-shopify-shop-domain']),
        topic: header(request.headers['x-shopify-topic']),
        webhookId: header(request.headers['x-shopify-webhook-id']),
        hmac: header(request.headers['x-shopify-hmac-sha256']),
        rawBody: request.rawBody ?? Buffer.alloc(0),
      });
      return { result };
    },
  );
};
