import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { envelopeOf } from '../http/envelope.ts';
import { AppearanceSchema } from './appearance.schemas.ts';
import { widgetAppearance } from './appearance.service.ts';
import { sendPublicRead, type PublicReadCache } from './public-cache.ts';
import { ShopSelectorSchema } from './storefront.schemas.ts';
import { resolveShop } from './storefront.service.ts';

/** The shop's widget appearance for the script-only widget: one small cacheable read per page. */
export const storefrontAppearanceRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache }> = async (app, { cache }) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  app.get(
    '/get_widget_appearance',
    {
      schema: {
        summary: "The shop's widget appearance (storefront)",
        description:
          "Colours, theme, density, shown blocks and own texts the merchant chose in the console; the widget applies them under the snippet's own attributes. " +
          'Public: no credentials; the shop is named by shop (domain), shop_id or public_token. CORS for any origin. Cached: ETag and Cache-Control max-age=60.',
        tags: ['Storefront'],
        querystring: Type.Object(ShopSelectorSchema),
        response: { 200: envelopeOf(AppearanceSchema) },
      },
    },
    async (request, reply) => {
      let entry = cache.get(request.url);
      if (!entry) {
        const shop = await resolveShop(app.db, request.query);
        const look = (await widgetAppearance(app.db, shop.id)) as unknown as Record<string, unknown>;
        entry = cache.set(request.url, shop.id, reply.compileSerializationSchema(AppearanceSchema)(look));
      }
      return sendPublicRead(request, reply, entry);
    },
  );
};
