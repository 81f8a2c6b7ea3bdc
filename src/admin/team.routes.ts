import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signIn, endSession } from '../merchants/merchants.service.ts';
import { adminOf, setAdminCookie } from './admin.auth.ts';
import { AdminProblem, notSignedIn } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS, RoleSchema, ShopIdParams, SignedInSchema } from './admin.schemas.ts';
import type { Role } from './admin.table.ts';
import { clientOf, signedInView, SIGN_IN_PER_ADDRESS } from './account.service.ts';
import { createSession, revokeAllSessions, SESSION_ABSOLUTE_MS } from './sessions.service.ts';
import {
  acceptInvitation,
  cancelInvitation,
  changeMember,
  confirmPasswordReset,
  describeInvitation,
  invite,
  membersOf,
  pendingInvitations,
  requestPasswordReset,
  setPassword,
} from './team.service.ts';

const NewPassword = Type.String({ minLength: 10, maxLength: 200, description: 'new password, 10-200 characters' });
const Token = Type.String({ minLength: 1, maxLength: 200, description: 'the token from the emailed link' });
const Member = Type.Object({
  account_id: Type.String({ description: 'account id' }),
  email: Type.String({ description: 'email' }),
  role: RoleSchema,
  joined_at: Type.String({ description: 'RFC 3339' }),
});
const Invitation = Type.Object({
  id: Type.String({ description: 'invitation id' }),
  email: Type.String({ description: 'invited email' }),
  role: RoleSchema,
  expires_at: Type.String({ description: 'RFC 3339' }),
  created_at: Type.String({ description: 'RFC 3339' }),
});
const MemberParams = Type.Object({ ...ShopIdParams.properties, account_id: Type.String({ description: 'account id' }) });
const None = (description: string) => ({ 204: Type.Null({ description }), ...PROBLEMS });

/** Password change and reset, team members and invitations. */
export const teamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limited = async (key: string) => {
    const wait = await app.rateLimiter.take(key, SIGN_IN_PER_ADDRESS, app.clock.now());
    if (wait > 0) throw new AdminProblem(429, 'rate-limited', `too many attempts; retry after ${wait} s`, undefined, { 'retry-after': String(wait) });
  };

  app.put(
    '/account/password',
    {
      schema: {
        summary: 'Change my password',
        description: 'Needs the current password (counts towards the account lockout). Other sessions are signed out.',
        tags,
        security,
        body: Body({ current_password: Type.String({ minLength: 1, maxLength: 200, description: 'current password' }), new_password: NewPassword }),
        response: None('changed'),
      },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const check = await signIn(app, admin.email, request.body.current_password);
      if (!check) throw notSignedIn('the current password is wrong', 'current_password');
      await endSession(app.db, check.session.id);
      await app.db.transaction().execute(async (trx) => {
        await setPassword(trx, admin.merchantId, request.body.new_password, app.clock.now());
        await revokeAllSessions(trx, admin.merchantId, admin.sessionId);
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/password-reset',
    {
      schema: {
        summary: 'Ask for a password reset link',
        description: 'Always 202 (it does not tell whether the account exists); the email holds a single-use link valid for one hour.',
        tags,
        body: Body({ email: Type.String({ minLength: 3, maxLength: 320, description: 'account email' }) }),
        response: { 202: Type.Null({ description: 'accepted' }), ...PROBLEMS },
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request, reply) => {
      await limited(`admin-reset:${clientOf(request).ip}`);
      await requestPasswordReset(app, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: {
        summary: 'Set a new password with a reset link',
        description: 'Single use. Every session of the account is signed out.',
        tags,
        body: Body({ token: Token, new_password: NewPassword }),
        response: None('password set'),
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request, reply) => {
      await limited(`admin-reset:${clientOf(request).ip}`);
      await confirmPasswordReset(app, request.body.token, request.body.new_password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/shops/:shop_id/members',
    {
      schema: {
        summary: 'Team members',
        description: 'Accounts with a role in this shop.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Type.Object({ items: Type.Array(Member) }), ...PROBLEMS },
      },
      config: { adminRole: 'viewer' },
    },
    async (request) => ({ items: await membersOf(app.db, adminOf(request).shopId) }),
  );

  app.put(
    '/shops/:shop_id/members/:account_id',
    {
      schema: {
        summary: "Change a member's role",
        description: 'A shop always keeps an owner (409).',
        tags,
        security,
        params: MemberParams,
        body: Body({ role: RoleSchema }),
        response: None('changed'),
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      await changeMember(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.params.account_id, request.body.role as Role);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/shops/:shop_id/members/:account_id',
    {
      schema: {
        summary: 'Remove a member',
        description: 'The account loses access to this shop; the last owner cannot be removed (409).',
        tags,
        security,
        params: MemberParams,
        response: None('removed'),
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      await changeMember(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.params.account_id, null);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/shops/:shop_id/invitations',
    {
      schema: {
        summary: 'Pending invitations',
        description: 'Unused, unexpired invitations.',
        tags,
        security,
        params: ShopIdParams,
        response: { 200: Type.Object({ items: Type.Array(Invitation) }), ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request) => ({ items: await pendingInvitations(app, adminOf(request).shopId) }),
  );

  app.post(
    '/shops/:shop_id/invitations',
    {
      schema: {
        summary: 'Invite someone by email',
        description: 'Emails a single-use link valid for 7 days; accepting gives the role in this shop.',
        tags,
        security,
        params: ShopIdParams,
        body: Body({ email: Type.String({ minLength: 3, maxLength: 320, description: 'email to invite' }), role: RoleSchema }),
        response: { 201: Invitation, ...PROBLEMS },
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      return reply.status(201).send(await invite(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.body.email, request.body.role as Role));
    },
  );

  app.delete(
    '/shops/:shop_id/invitations/:invitation_id',
    {
      schema: {
        summary: 'Cancel an invitation',
        description: 'The link stops working.',
        tags,
        security,
        params: Type.Object({ ...ShopIdParams.properties, invitation_id: Type.String({ description: 'invitation id' }) }),
        response: None('cancelled'),
      },
      config: { adminRole: 'owner' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      await cancelInvitation(app, admin.shopId, { merchantId: admin.merchantId, email: admin.email }, request.params.invitation_id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations/:token',
    {
      schema: {
        summary: 'What an invitation offers',
        description: 'For the accept page: the shop, the role, and whether the email already has an account (then sign in first).',
        tags,
        params: Type.Object({ token: Token }),
        response: {
          200: Type.Object({
            shop_domain: Type.String({ description: 'shop' }),
            shop_name: Type.String({ description: 'shop name' }),
            role: RoleSchema,
            email: Type.String({ description: 'invited email' }),
            account_exists: Type.Boolean({ description: 'sign in instead of choosing a password' }),
          }),
          ...PROBLEMS,
        },
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request) => describeInvitation(app, request.params.token),
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        summary: 'Accept an invitation',
        description: 'A new account chooses its password here; an existing account must be signed in. Signs the account in.',
        tags,
        body: Body({ token: Token, password: Type.Optional(NewPassword) }),
        response: { 200: SignedInSchema, ...PROBLEMS },
      },
      config: { adminAuth: 'anonymous' },
    },
    async (request, reply) => {
      const merchantId = await acceptInvitation(app, request.body.token, request.body.password, request.admin?.merchantId ?? null);
      const session = request.admin
        ? await app.db.selectFrom('admin_sessions').selectAll().where('id', '=', request.admin.sessionId).executeTakeFirstOrThrow()
        : await (async () => {
            const created = await createSession(app, merchantId, clientOf(request));
            setAdminCookie(request, reply, created.token, SESSION_ABSOLUTE_MS);
            return created.row;
          })();
      return signedInView(app.db, session);
    },
  );
};
