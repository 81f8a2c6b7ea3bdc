import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/database.ts';
import { setShopifySecret } from '../orders/shopify.service.ts';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, DescribedString, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { recordedChange, shopAuthOf } from './settings.changes.ts';

const Shopify = Type.Object({
  connected: Type.Boolean({ description: 'a Shopify app secret is set (it is never shown)' }),
  webhook_url: DescribedString('where Shopify sends order webhooks'),
});

/** The Shopify connection: the app secret that verifies order webhooks. Every change is also a ledger entry. */
export const shopifySettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const shopifyView = async (db: Db, shopId: number) => ({
    connected: (await db.selectFrom('shopify_connections').select('shop_id').where('shop_id', '=', shopId).executeTakeFirst()) !== undefined,
    webhook_url: `${app.config.publicUrl}/integrations/shopify/webhooks`,
  });

  app.get(
    '/shops/:shop_id/settings/shopify',
    {
      schema: { summary: 'Shopify connection', description: 'Whether the Shopify app secret is set.', tags, security, params: ShopIdParams, response: { 200: Shopify, ...PROBLEMS } },
      config: { adminRole: 'viewer' },
    },
    async (request) => shopifyView(app.db, adminActorOf(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/shopify',
    {
      schema: {
        summary: 'Set the Shopify app secret',
        description: "The secret verifies Shopify's order webhooks; stored sealed and never returned.",
        tags,
        security,
        params: ShopIdParams,
        body: Body({ app_secret: Type.String({ minLength: 8, maxLength: 200, description: 'the Shopify app API secret' }) }),
        response: { 200: Shopify, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recordedChange(app, request, 'settings.shopify', 'settings:shopify', async (trx) => {
        const shopId = adminActorOf(request).shopId;
        const before = await shopifyView(trx, shopId);
        await setShopifySecret({ db: trx, clock: app.clock, secrets: app.secrets }, (await shopAuthOf(trx, shopId)).shopDomain, request.body.app_secret);
        const after = await shopifyView(trx, shopId);
        return { before: { connected: before.connected }, after: { connected: true }, result: after };
      }),
  );
};
