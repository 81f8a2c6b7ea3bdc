import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { alertSetting, setAlerts } from './alerts.service.ts';

const Alerts = Type.Object(
  {
    enabled: Type.Boolean({ description: 'email every owner about each new review at or below max_rating' }),
    max_rating: Type.Integer({ minimum: 1, maximum: 5, description: 'alert threshold, 1-5 stars' }),
  },
  { additionalProperties: false },
);

/** Low-rating alert emails to the shop's owners; every change is also a ledger entry. */
export const alertSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/settings/alerts',
    {
      schema: { summary: 'Low-rating alert emails', description: 'Whether owners get an email for each new low rating.', tags, security, params: ShopIdParams, response: { 200: Alerts, ...PROBLEMS } },
      config: { adminRole: 'viewer' },
    },
    async (request) => alertSetting(app.db, adminActorOf(request).shopId),
  );

  app.put(
    '/shops/:shop_id/settings/alerts',
    {
      schema: {
        summary: 'Change low-rating alerts',
        description: 'Applies to reviews arriving from now on; the worker sends the emails.',
        tags,
        security,
        params: ShopIdParams,
        body: Alerts,
        response: { 200: Alerts, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => {
      const { shopId, actor } = adminActorOf(request);
      return setAlerts(app, shopId, actor, request.body);
    },
  );
};
