import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppearanceChange, AppearanceSchema } from '../storefront/appearance.schemas.ts';
import { setWidgetAppearance, widgetAppearance, type AppearanceChange as Change } from '../storefront/appearance.service.ts';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { appendLedger } from './ledger.service.ts';

/** The shop's widget appearance (Storefront page): owners change it, every member reads it; each change is a ledger entry. */
export const appearanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/settings/appearance',
    {
      schema: {
        summary: 'Widget appearance',
        description: 'Colours, theme, density, shown blocks and own texts of the storefront widget, fragments and hosted pages (defaults: the built-in look).',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: AppearanceSchema, ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => widgetAppearance(app.db, adminOf(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/appearance',
    {
      schema: {
        summary: 'Change the widget appearance',
        description:
          'Fields left out keep their value (blocks one by one); texts, when given, replace every language. Widgets show the change within a minute ' +
          "(storefront reads are cached). Snippet attributes and the page's own CSS on .trustoo-widget still win. Nothing is written on bad input.",
        tags,
        security,
        params: ShopIdParams,
        body: AppearanceChange,
        response: { 200: AppearanceSchema, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const admin = adminOf(request);
      return app.db.transaction().execute(async (trx) => {
        const before = await widgetAppearance(trx, admin.shopId);
        const after = await setWidgetAppearance({ db: trx, clock: app.clock }, admin.shopId, request.body as Change);
        await appendLedger(trx, app.clock, {
          shopId: admin.shopId,
          actor: { merchantId: admin.merchantId, email: admin.email },
          action: 'settings.appearance',
          subject: 'settings:appearance',
          before,
          after,
        });
        return after;
      });
    },
  );
};
