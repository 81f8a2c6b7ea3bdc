import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { adminOf, clearAdminCookie, setAdminCookie } from './admin.auth.ts';
import { ADMIN_SECURITY, ADMIN_TAGS as tags, Body, PROBLEMS, SessionInfoSchema, ShopCredentialsSchema, SignedInSchema, AccountSchema } from './admin.schemas.ts';
import { missing } from './admin.problems.ts';
import { signedInView, signInToConsole, clientOf, accountView } from './account.service.ts';
import { createSession, liveSessionsOf, revokeAllSessions, revokeSession, sessionInfo, SESSION_ABSOLUTE_MS } from './sessions.service.ts';
import { completeSetup, setupNeeded } from './setup.service.ts';

const security = ADMIN_SECURITY;
const Email = Type.String({ minLength: 3, maxLength: 320, description: 'account email' });
const Password = Type.String({ minLength: 1, maxLength: 200, description: 'account password' });
const NewPassword = Type.String({ minLength: 10, maxLength: 200, description: 'password, 10-200 characters' });

/** First-run setup, sign-in and sign-out, and the account's sessions. */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limiter = app.rateLimiter;

  app.get(
    '/setup',
    {
      schema: {
        summary: 'Whether first-run setup is pending',
        description: 'True while the server has no merchant account: the console then shows its setup page.',
        tags,
        response: { 200: Type.Object({ needed: Type.Boolean({ description: 'setup is pending' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'anonymous' },
    },
    async () => ({ needed: await setupNeeded(app.db) }),
  );

  app.post(
    '/setup',
    {
      schema: {
        summary: 'First-run setup: create the first owner and shop',
        description:
          'Needs the one-time setup token printed in the server log at start. Creates the first shop and its owner, signs the owner in (cookie) and returns the shop credentials once. Single use: afterwards 409.',
        tags,
        body: Body({
          token: Type.String({ minLength: 1, maxLength: 200, description: 'the setup token from the server log' }),
          email: Email,
          password: NewPassword,
          shop_domain: Type.String({ minLength: 1, maxLength: 253, description: "the first shop's domain, e.g. demo.myshopify.com" }),
          shop_name: Type.Optional(Type.String({ maxLength: 200, description: 'display name (default: the domain)' })),
        }),
        response: { 201: Type.Object({ account: AccountSchema, shop: ShopCredentialsSchema, csrf_token: Type.String({ description: 'X-CSRF-Token for this session' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request, reply) => {
      const { merchantId, shop } = await completeSetup({ db: app.db, clock: app.clock, secrets: app.secrets, secretKey: app.config.secretKey }, request.body);
      const session = await createSession(app, merchantId, clientOf(request));
      setAdminCookie(request, reply, session.token, SESSION_ABSOLUTE_MS);
      const shopRow = await app.db.selectFrom('shops').select('name').where('id', '=', Number(shop.shop_id)).executeTakeFirstOrThrow();
      reply.status(201);
      return {
        account: await accountView(app.db, merchantId),
        shop: { id: shop.shop_id, domain: shop.domain, name: shopRow.name, public_token: shop.public_token, private_token: shop.private_token },
        csrf_token: session.row.csrf_token,
      };
    },
  );

  app.post(
    '/session',
    {
      schema: {
        summary: 'Sign in',
        description:
          'Email and password (and totp_code or recovery_code when the account has two-factor sign-in: else 401 totp-required); sets the HttpOnly session cookie plaudit_admin and returns the CSRF token. Rate limited per address (429) and per account (lockout after 10 failures, answered 401 like a wrong password).',
        tags,
        body: Body({
          email: Email,
          password: Password,
          totp_code: Type.Optional(Type.String({ maxLength: 10, description: 'current authenticator code, for accounts with two-factor sign-in' })),
          recovery_code: Type.Optional(Type.String({ maxLength: 40, description: 'a single-use recovery code instead of totp_code' })),
        }),
        response: { 200: SignedInSchema, ...PROBLEMS },
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request, reply) => {
      const session = await signInToConsole({ db: app.db, clock: app.clock, secrets: app.secrets, limiter }, request, request.body);
      setAdminCookie(request, reply, session.token, SESSION_ABSOLUTE_MS);
      return signedInView(app.db, session.row);
    },
  );

  app.get(
    '/session',
    {
      schema: { summary: 'The current session', description: 'Account, shops with roles, and the CSRF token; 401 when not signed in.', tags, security, response: { 200: SignedInSchema, ...PROBLEMS } },
      config: { adminAuth: 'session' },
    },
    async (request) => {
      const admin = adminOf(request);
      const row = await app.db.selectFrom('admin_sessions').selectAll().where('id', '=', admin.sessionId).executeTakeFirstOrThrow();
      return signedInView(app.db, row);
    },
  );

  app.delete(
    '/session',
    {
      schema: { summary: 'Sign out', description: 'Ends this session and clears the cookie.', tags, security, response: { 204: Type.Null({ description: 'signed out' }), ...PROBLEMS } },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      await revokeSession(app.db, admin.merchantId, admin.sessionId);
      clearAdminCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        summary: 'My active sessions',
        description: 'Every live session of the signed-in account, newest first.',
        tags,
        security,
        response: { 200: Type.Object({ items: Type.Array(SessionInfoSchema, { description: 'sessions' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request) => {
      const admin = adminOf(request);
      return { items: (await liveSessionsOf(app, admin.merchantId)).map((row) => sessionInfo(row, admin.sessionId)) };
    },
  );

  app.delete(
    '/sessions/:session_id',
    {
      schema: {
        summary: 'Revoke one of my sessions',
        description: "Ends the session at once (another browser is signed out). Someone else's session: 404.",
        tags,
        security,
        params: Type.Object({ session_id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'session id' }) }),
        response: { 204: Type.Null({ description: 'revoked' }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      if (!(await revokeSession(app.db, admin.merchantId, Number(request.params.session_id)))) throw missing('session');
      if (Number(request.params.session_id) === admin.sessionId) clearAdminCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/sessions',
    {
      schema: {
        summary: 'Sign out everywhere',
        description: 'Ends every session of the account, this one included.',
        tags,
        security,
        response: { 204: Type.Null({ description: 'all sessions ended' }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      await revokeAllSessions(app.db, adminOf(request).merchantId);
      clearAdminCookie(request, reply);
      return reply.status(204).send(null);
    },
  );
};
