import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { unauthenticated } from '../http/errors.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { findShopById } from '../shops/shops.queries.ts';
import { rotatePrivateToken } from '../shops/shops.service.ts';
import { requireMerchant } from './merchants.http.ts';
import { signIn } from './merchants.service.ts';
import { takeSignInAttempt } from './sign-in-limit.ts';
import { registerCookies } from './merchants.http.ts';

const tags = ['Merchant'];
const security = [{ MerchantSession: [] }];

/** Merchant-session helpers (spec endpoints.md §I) and a JSON sign-in that hands out the session token. */
export const merchantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerCookies(app);
  app.post(
    '/merchant_sign_in',
    {
      schema: {
        summary: 'Sign a merchant in (JSON)',
        description:
          "Our addition: exchanges the merchant's email and password for a session token to send as Authorization on the merchant endpoints. Wrong email or password, or an account locked after 10 failures in a row (for 15 minutes): code 16. More than 30 attempts from one address (then one per 30 s): code 8.",
        tags,
        body: Type.Object({
          email: Type.String({ maxLength: 320, description: "the merchant account's email" }),
          password: Type.String({ maxLength: 200, description: "the merchant account's password" }),
        }),
        response: {
          200: envelopeOf(
            Type.Object({
              session_token: Type.String({ description: 'send as Authorization: Bearer <session_token>' }),
              expires_at: Type.String({ description: 'RFC 3339 expiry of the session' }),
            }),
          ),
        },
      },
    },
    async (request) => {
      await takeSignInAttempt(app, request.ip);
      const result = await signIn(app, request.body.email, request.body.password);
      if (!result) throw unauthenticated('wrong email or password (10 failures in a row lock the account for 15 minutes)');
      return ok(request, { session_token: result.token, expires_at: formatRfc3339(result.session.expires_at) });
    },
  );

  app.get(
    '/get_open_api_information',
    {
      schema: {
        summary: "The signed-in merchant's public token",
        description: 'Merchant session (Authorization header or the console cookie).',
        tags,
        security,
        response: { 200: envelopeOf(Type.Object({ public_token: Type.String({ description: "the shop's public token" }) })) },
      },
    },
    async (request) => {
      const merchant = await requireMerchant(request, { allowCookie: true });
      const shop = await findShopById(app.db, merchant.shopId);
      if (!shop) throw unauthenticated("the session's shop no longer exists");
      return ok(request, { public_token: shop.public_token });
    },
  );

  app.get(
    '/get_open_api_private_token',
    {
      schema: {
        summary: "The signed-in merchant's private token",
        description: 'Merchant session (Authorization header or the console cookie). The private token is the HMAC key: keep it secret.',
        tags,
        security,
        response: { 200: envelopeOf(Type.Object({ private_token: Type.String({ description: "the shop's private token" }) })) },
      },
    },
    async (request) => {
      const merchant = await requireMerchant(request, { allowCookie: true });
      const shop = await findShopById(app.db, merchant.shopId);
      if (!shop) throw unauthenticated("the session's shop no longer exists");
      return ok(request, { private_token: app.secrets.open(shop.private_token_sealed) });
    },
  );

  app.post(
    '/reset_open_api_private_token',
    {
      schema: {
        summary: "Replace the signed-in merchant's private token",
        description: 'Merchant session in the Authorization header only. The old private token stops working at once; OAuth tokens are unaffected.',
        tags,
        security,
        response: { 200: envelopeOf(Type.Object({ private_token: Type.String({ description: 'the new private token' }) })) },
      },
    },
    async (request) => {
      const merchant = await requireMerchant(request, { allowCookie: false });
      const rotated = await rotatePrivateToken(app, merchant.shopDomain);
      return ok(request, { private_token: rotated.private_token });
    },
  );
};
