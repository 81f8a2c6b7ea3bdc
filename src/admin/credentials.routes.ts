import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { rotatePrivateToken } from '../shops/shops.service.ts';
import { adminActorOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, DescribedString, PROBLEMS, ShopIdParams } from './admin.schemas.ts';
import { recordedChange, shopAuthOf } from './settings.changes.ts';

/** The shop's partner API credentials: the public token, and rotating the private one (a ledger entry). */
export const credentialsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops/:shop_id/credentials',
    {
      schema: {
        summary: 'API credentials',
        description: 'The public token. The private token is only shown when rotated.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Type.Object({ public_token: DescribedString('the shop public token') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => ({ public_token: (await app.db.selectFrom('shops').select('public_token').where('id', '=', adminActorOf(request).shopId).executeTakeFirstOrThrow()).public_token }),
  );

  app.post(
    '/shops/:shop_id/credentials/rotate',
    {
      schema: {
        summary: 'Rotate the private token',
        description: 'The old private token stops working at once; the new one is shown only in this response.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Type.Object({ private_token: DescribedString('the new private token (HMAC key)') }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) =>
      recordedChange(app, request, 'credentials.rotate', 'credentials:private_token', async (trx) => {
        const rotated = await rotatePrivateToken({ db: trx, clock: app.clock, secrets: app.secrets }, (await shopAuthOf(trx, adminActorOf(request).shopId)).shopDomain);
        return { before: null, after: { rotated: true }, result: { private_token: rotated.private_token } };
      }),
  );
};
