import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createShop } from '../shops/shops.service.ts';
import { adminOf } from './admin.auth.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, MembershipSchema, PROBLEMS, RoleSchema, ShopCredentialsSchema, ShopIdParams } from './admin.schemas.ts';
import { forbidden } from './admin.problems.ts';
import { addMembership, membershipsOf } from './memberships.queries.ts';
import { appendLedger } from './ledger.service.ts';

/** The account's shops, creating another shop, one shop's summary. */
export const shopRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/shops',
    {
      schema: {
        summary: 'My shops',
        description: 'The shops this account is a member of, with its role in each (the shop switcher).',
        tags,
        security,
        response: { 200: Type.Object({ items: Type.Array(MembershipSchema, { description: 'memberships' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request) => ({ items: await membershipsOf(app.db, adminOf(request).merchantId) }),
  );

  app.post(
    '/shops',
    {
      schema: {
        summary: 'Create another shop',
        description: "Only an account that owns at least one shop may create one; it becomes the new shop's owner. The private token is shown only in this response.",
        tags,
        security,
        body: Body({
          domain: Type.String({ minLength: 1, maxLength: 253, description: 'shop domain, e.g. demo.myshopify.com' }),
          name: Type.Optional(Type.String({ maxLength: 200, description: 'display name (default: the domain)' })),
        }),
        response: { 201: Type.Object({ shop: ShopCredentialsSchema }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const memberships = await membershipsOf(app.db, admin.merchantId);
      if (!memberships.some((m) => m.role === 'owner')) throw forbidden('only an owner of a shop may create shops');
      const created = await app.db.transaction().execute(async (trx) => {
        const shop = await createShop({ db: trx, clock: app.clock, secrets: app.secrets }, request.body);
        await addMembership(trx, admin.merchantId, Number(shop.shop_id), 'owner', app.clock.now());
        await appendLedger(trx, app.clock, { shopId: Number(shop.shop_id), actor: admin, action: 'shop.create', subject: `shop:${shop.shop_id}`, before: null, after: { domain: shop.domain } });
        return shop;
      });
      const row = await app.db.selectFrom('shops').select('name').where('id', '=', Number(created.shop_id)).executeTakeFirstOrThrow();
      reply.status(201);
      return { shop: { id: created.shop_id, domain: created.domain, name: row.name, public_token: created.public_token, private_token: created.private_token } };
    },
  );

  app.get(
    '/shops/:shop_id',
    {
      schema: {
        summary: 'One shop',
        description: "The shop's domain, name, public token and your role in it.",
        tags,
        security,
        params: ShopIdParams,
        response: {
          200: Type.Object({
            id: Type.String({ description: 'shop id' }),
            domain: Type.String({ description: 'domain' }),
            name: Type.String({ description: 'name' }),
            role: RoleSchema,
            public_token: Type.String({ description: 'public token' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => {
      const admin = adminOf(request);
      const shop = await app.db.selectFrom('shops').select(['id', 'domain', 'name', 'public_token']).where('id', '=', admin.shopId).executeTakeFirstOrThrow();
      return { id: String(shop.id), domain: shop.domain, name: shop.name, role: admin.role!, public_token: shop.public_token };
    },
  );
};
