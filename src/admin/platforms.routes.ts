import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { activeGrantsOfShop, revokeGrant } from '../oauth/grants.service.ts';
import { adminActorOf } from './admin.auth.ts';
import { missing } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, DescribedString as Str, IdParam, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { appendLedger } from './ledger.service.ts';

const Obj = Type.Object;

/** Partner platforms the shop connected through OAuth; disconnecting one is a ledger entry. */
export const platformRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/platforms',
    {
      schema: {
        summary: 'Connected partner platforms',
        description: 'Platforms the shop authorised through OAuth, with their scopes.',
        tags,
        security,
        params: ShopIdParams,
        response: {
          200: Obj({
            items: Type.Array(
              Obj({
                platform_id: Str('platform id'),
                name: Str('platform name'),
                client_id: Str('OAuth client id'),
                scopes: Type.Array(Type.String(), { description: 'granted scopes' }),
                connected_at: Str('RFC 3339'),
              }),
            ),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({
      items: (await activeGrantsOfShop(app.db, adminActorOf(request).shopId)).map((g) => ({
        platform_id: String(g.platform_id),
        name: g.name,
        client_id: g.client_id,
        scopes: String(g.scopes).split(/[ ,]+/).filter(Boolean),
        connected_at: new Date(Number(g.authorized_at)).toISOString(),
      })),
    }),
  );

  app.delete(
    '/shops/:shop_id/platforms/:platform_id',
    {
      schema: {
        summary: 'Disconnect a platform',
        description: 'Revokes its grant and tokens; its webhooks stop.',
        tags,
        security,
        params: Obj({ ...ShopIdParams.properties, platform_id: IdParam('platform id') }),
        response: { 204: Type.Null({ description: 'disconnected' }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const { shopId, actor } = adminActorOf(request);
      const revoked = await revokeGrant({ db: app.db, clock: app.clock, secrets: app.secrets, hooks: app.oauthHooks }, Number(request.params.platform_id), shopId, 'merchant_cancelled');
      if (!revoked) throw missing('platform connection');
      await app.db
        .transaction()
        .execute((trx) =>
          appendLedger(trx, app.clock, { shopId, actor, action: 'platform.disconnect', subject: `platform:${request.params.platform_id}`, before: { connected: true }, after: { connected: false } }),
        );
      return reply.status(204).send(null);
    },
  );
};
