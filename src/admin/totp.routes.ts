import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { endSession, signIn } from '../merchants/merchants.service.ts';
import { adminOf } from './admin.auth.ts';
import { notSignedIn } from './admin.problems.ts';
import { ADMIN_SECURITY as security, ADMIN_TAGS as tags, Body, PROBLEMS } from './admin.schemas.ts';
import { confirmTotp, disableTotp, startTotp } from './totp.service.ts';

/** Optional two-factor sign-in (TOTP, RFC 6238) with recovery codes. */
export const totpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/account/totp',
    {
      schema: {
        summary: 'Start two-factor enrolment',
        description: 'A new secret for an authenticator app (also as an otpauth:// URL for a QR code); not active until confirmed with a code.',
        tags,
        security,
        response: { 200: Type.Object({ secret: Type.String({ description: 'base32 secret' }), otpauth_url: Type.String({ description: 'otpauth://totp/… for a QR code' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request) => {
      const admin = adminOf(request);
      return startTotp(app, admin.merchantId, admin.email);
    },
  );

  app.post(
    '/account/totp/confirm',
    {
      schema: {
        summary: 'Confirm two-factor enrolment',
        description: 'The current 6-digit code turns two-factor sign-in on; the 10 recovery codes are shown only in this response.',
        tags,
        security,
        body: Body({ code: Type.String({ minLength: 6, maxLength: 6, description: 'the current 6-digit code' }) }),
        response: { 200: Type.Object({ recovery_codes: Type.Array(Type.String(), { description: 'single-use recovery codes: keep them safe' }) }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request) => ({ recovery_codes: await confirmTotp(app, adminOf(request).merchantId, request.body.code) }),
  );

  app.delete(
    '/account/totp',
    {
      schema: {
        summary: 'Turn two-factor sign-in off',
        description: 'Needs the password (counts towards the account lockout).',
        tags,
        security,
        body: Body({ password: Type.String({ minLength: 1, maxLength: 200, description: 'account password' }) }),
        response: { 204: Type.Null({ description: 'off' }), ...PROBLEMS },
      },
      config: { adminAuth: 'session' },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const check = await signIn(app, admin.email, request.body.password);
      if (!check) throw notSignedIn('the password is wrong', 'password');
      await endSession(app.db, check.session.id);
      await disableTotp(app.db, admin.merchantId);
      return reply.status(204).send(null);
    },
  );
};
