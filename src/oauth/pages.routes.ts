import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ApiError } from '../http/errors.ts';
import { useSurface } from '../http/security-headers.ts';
import { safeEqual } from '../lib/crypto.ts';
import { formatRfc3339 } from '../lib/time.ts';
import { endSession, signIn, type MerchantSession } from '../merchants/merchants.service.ts';
import { takeSignInAttempt } from '../merchants/sign-in-limit.ts';
import { cookieSession, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setCookie, setSessionCookie } from '../merchants/merchants.http.ts';
import { approveAuthorization, callbackUrl, checkAuthorizeRequest, type AuthorizeParams } from './authorize.service.ts';
import { acceptFormBodies, formFields } from './forms.ts';
import { activeGrantsOfShop, revokeGrant } from './grants.service.ts';
import { OAuthError } from './oauth.errors.ts';
import { oauthDeps } from './oauth.hooks.ts';
import { findPlatformByClientId } from './platforms.queries.ts';
import { consentPage, errorPage, settingsPage, signInPage } from './pages.html.ts';
import { splitStoredScopes } from './scopes.ts';
import { registerCookies } from '../merchants/merchants.http.ts';

const tags = ['Merchant pages'];
const AUTHORIZE_FIELDS = ['client_id', 'redirect_uri', 'scope', 'state', 'response_type', 'code_challenge', 'code_challenge_method', 'shop_id', 'myshopify_domain'] as const;

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Only a path on this server: no scheme, no host, no `//` or `/\` tricks. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/merchant';
  const base = 'http://plaudit.invalid';
  return new URL(value, base).origin === base ? value : '/merchant';
}

const signInLocation = (returnTo: string) => `/merchant/sign-in?return_to=${encodeURIComponent(returnTo)}`;

/** Form posts carry the session's CSRF token (consent, disconnect, sign-out). */
function requireCsrf(session: MerchantSession, fields: Record<string, string>): void {
  if (!safeEqual(fields.csrf_token ?? '', session.csrfToken)) throw new OAuthError('access_denied', 'the form has expired or did not come from this site; reload the page and try again', false);
}

/** The merchant-facing sign-in, consent and settings pages (server-rendered; every value escaped). */
export const oauthPages: FastifyPluginAsync = async (app) => {
  await registerCookies(app);
  await useSurface(app, 'merchantPage');
  const deps = oauthDeps(app);
  await acceptFormBodies(app);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError)
      return sendPage(
        reply,
        error.code === 16 ? 401 : error.code === 7 ? 403 : error.code === 8 ? 429 : 400,
        errorPage('Cannot continue', error instanceof OAuthError ? error.description : error.message),
      );
    request.log.error({ err: error }, 'unhandled error');
    return sendPage(reply, 500, errorPage('Something went wrong', 'Please try again later.'));
  });

  /** Redirectable request errors go back to the client (RFC 6749 §4.1.2.1). */
  const redirectError = (reply: FastifyReply, redirectUri: string, error: OAuthError, state: string) =>
    reply.redirect(callbackUrl(redirectUri, { error: error.oauthCode, error_description: error.description, state, iss: app.config.publicUrl }), 303);

  async function checkedOrRedirect(reply: FastifyReply, params: AuthorizeParams) {
    try {
      return await checkAuthorizeRequest(app.db, params);
    } catch (error) {
      if (error instanceof OAuthError && error.redirectable && typeof params.redirect_uri === 'string') {
        await redirectError(reply, params.redirect_uri, error, typeof params.state === 'string' ? params.state : '');
        return null;
      }
      throw error;
    }
  }

  app.get('/oauth/authorize', { schema: { summary: 'Authorization endpoint: sign-in redirect, then the consent page (HTML)', tags } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const checked = await checkedOrRedirect(reply, query);
    if (!checked) return reply;
    const session = await cookieSession(request);
    if (!session) return reply.redirect(signInLocation(request.url), 303);
    const fields: Record<string, string> = { csrf_token: session.csrfToken };
    for (const name of AUTHORIZE_FIELDS) if (typeof query[name] === 'string') fields[name] = query[name] as string;
    return sendPage(reply, 200, consentPage({ platformName: checked.platform.name, shopDomain: session.shopDomain, scopes: checked.scopes, fields }));
  });

  app.post('/oauth/authorize', { schema: { summary: 'Consent form: approve or deny (HTML form post, CSRF-protected)', tags } }, async (request, reply) => {
    const fields = formFields(request);
    const session = await cookieSession(request);
    if (!session) throw new OAuthError('access_denied', 'your session has ended; sign in and start again from the application', false);
    requireCsrf(session, fields);
    const checked = await checkedOrRedirect(reply, fields);
    if (!checked) return reply;
    if (fields.decision !== 'approve') {
      return redirectError(reply, checked.redirectUri, new OAuthError('access_denied', 'the merchant denied the request'), checked.state);
    }
    const code = await approveAuthorization(deps, checked, session.shopId);
    return reply.redirect(callbackUrl(checked.redirectUri, { code, state: checked.state, iss: app.config.publicUrl }), 303);
  });

  app.get('/merchant/sign-in', { schema: { summary: 'Merchant sign-in page (HTML)', tags } }, async (request, reply) => {
    const csrf = randomBytes(24).toString('base64url');
    setCookie(request, reply, LOGIN_CSRF_COOKIE, csrf, 3600_000);
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to as string | undefined);
    return sendPage(reply, 200, signInPage({ returnTo, csrf }));
  });

  app.post('/merchant/sign-in', { schema: { summary: 'Merchant sign-in form post (CSRF-protected)', tags } }, async (request, reply) => {
    const fields = formFields(request);
    const returnTo = safeReturnTo(fields.return_to);
    const cookieCsrf = readCookie(request, LOGIN_CSRF_COOKIE) ?? '';
    if (cookieCsrf === '' || !safeEqual(fields.csrf_token ?? '', cookieCsrf)) {
      throw new OAuthError('access_denied', 'the sign-in form has expired or did not come from this site; reload it and try again', false);
    }
    await takeSignInAttempt(app, request.ip);
    const result = await signIn(app, fields.email ?? '', fields.password ?? '');
    if (!result)
      return sendPage(
        reply,
        401,
        signInPage({ returnTo, csrf: cookieCsrf, error: 'Wrong email or password. After 10 failed attempts in a row the account is locked for 15 minutes.', email: fields.email ?? '' }),
      );
    setSessionCookie(request, reply, result.token);
    return reply.redirect(returnTo, 303);
  });

  app.get('/merchant', { schema: { summary: 'Merchant settings: connected platforms (HTML)', tags } }, async (request, reply) => {
    const session = await cookieSession(request);
    if (!session) return reply.redirect(signInLocation('/merchant'), 303);
    const grants = await activeGrantsOfShop(app.db, session.shopId);
    const platforms = grants.map((g) => ({ name: g.name, clientId: g.client_id, scopes: splitStoredScopes(g.scopes), authorizedAt: formatRfc3339(g.authorized_at) }));
    return sendPage(reply, 200, settingsPage({ shopDomain: session.shopDomain, csrf: session.csrfToken, platforms }));
  });

  app.post('/merchant/platforms/disconnect', { schema: { summary: "Merchant cancels a platform's authorization (form post)", tags } }, async (request, reply) => {
    const fields = formFields(request);
    const session = await cookieSession(request);
    if (!session) return reply.redirect(signInLocation('/merchant'), 303);
    requireCsrf(session, fields);
    const platform = await findPlatformByClientId(app.db, fields.client_id ?? '');
    if (platform) await revokeGrant(deps, platform.id, session.shopId, 'merchant_cancelled');
    return reply.redirect('/merchant', 303);
  });

  app.post('/merchant/sign-out', { schema: { summary: 'Merchant sign-out (form post)', tags } }, async (request, reply) => {
    const fields = formFields(request);
    const session = await cookieSession(request);
    if (session) {
      requireCsrf(session, fields);
      await endSession(app.db, session.sessionId);
    }
    setCookie(request, reply, SESSION_COOKIE, '', 0);
    return reply.redirect('/merchant/sign-in', 303);
  });
};
