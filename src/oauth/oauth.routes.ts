import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { envelopeOf, ok } from '../http/envelope.ts';
import { unauthenticated } from '../http/errors.ts';
import { requireMerchant } from '../merchants/merchants.http.ts';
import { approveAuthorization, callbackUrl, checkAuthorizeRequest } from './authorize.service.ts';
import { oauthDeps } from './oauth.hooks.ts';
import { AuthorizationInfo, AuthorizeResult, AuthorizeUrl, AuthorizeUrlQuery, Empty, InstallStatus, RevokeBody, ShopQuery, TokenBody, TokenResult } from './oauth.schemas.ts';
import { exchangeToken } from './tokens.service.ts';
import { authorizationInfo, cancelByPlatform, installStatus, revokeGrant, revokeToken } from './grants.service.ts';
import { registerCookies } from '../merchants/merchants.http.ts';

const tags = ['OAuth'];
const MERCHANT_SECURITY = [{ MerchantSession: [] }];

/** The Trustoo-shaped OAuth endpoints (spec endpoints.md §A, §B): JSON in, envelope out. */
export const oauthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerCookies(app);
  const deps = oauthDeps(app);

  app.get(
    '/get_oauth_authorize_url',
    {
      schema: {
        summary: 'Get the authorization URL to send a merchant to',
        description: 'Validates client_id, redirect_uri (exact match) and scope, and returns the sign-in and consent page URL. No authentication.',
        tags,
        querystring: AuthorizeUrlQuery,
        response: { 200: envelopeOf(AuthorizeUrl) },
      },
    },
    async (request) => {
      const checked = await checkAuthorizeRequest(app.db, request.query);
      const url = new URL('/oauth/authorize', app.config.publicUrl + '/');
      const params: Record<string, string | undefined> = {
        client_id: checked.platform.client_id,
        redirect_uri: checked.redirectUri,
        scope: checked.scopes.join(' '),
        state: checked.state,
        response_type: 'code',
        code_challenge: checked.codeChallenge || undefined,
        code_challenge_method: checked.codeChallenge ? 'S256' : undefined,
        shop_id: checked.shopHint.shopId,
        myshopify_domain: checked.shopHint.domain,
      };
      for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
      return ok(request, { authorize_url: url.toString() });
    },
  );

  app.get(
    '/oauth/authorize',
    {
      schema: {
        summary: "Approve a platform for the signed-in merchant's shop",
        description:
          'Merchant session in Authorization (Bearer <session token> or the bare token). Redirects (302) to redirect_uri with code and state, ' +
          'or with Accept: application/json answers {code, redirect_url, state}. Bad client, redirect URI or scope: code 3, never redirected.',
        tags,
        security: MERCHANT_SECURITY,
        querystring: AuthorizeUrlQuery,
        response: { 200: envelopeOf(AuthorizeResult) },
      },
    },
    async (request, reply) => {
      const merchant = await requireMerchant(request, { allowCookie: false });
      const checked = await checkAuthorizeRequest(app.db, request.query);
      const code = await approveAuthorization(deps, checked, merchant.shopId);
      const redirectUrl = callbackUrl(checked.redirectUri, { code, state: checked.state });
      if ((request.headers.accept ?? '').includes('application/json')) return ok(request, { code, redirect_url: redirectUrl, state: checked.state });
      return reply.redirect(redirectUrl, 302);
    },
  );

  app.post(
    '/oauth/token',
    {
      schema: {
        summary: 'Get or refresh an access token',
        description:
          'grant_type authorization_code (code, redirect_uri, code_verifier with PKCE), refresh_token (rotated; a reused old refresh token ' +
          'revokes the whole authorization) or client_credentials (flagged platforms; shop_id or myshopify_domain). Wrong client credentials: code 16; ' +
          'other refusals: code 3 with invalid_grant, unsupported_grant_type, unauthorized_client or invalid_scope at the start of the message.',
        tags,
        body: TokenBody,
        response: { 200: envelopeOf(TokenResult) },
      },
    },
    async (request) => ok(request, await exchangeToken(deps, request.body ?? {})),
  );

  app.post(
    '/oauth_revoke_token',
    {
      schema: {
        summary: 'Revoke an access or refresh token',
        description: "Revokes the token and its pair; the authorization stays. Unknown or dead tokens succeed. Wrong credentials or another client's token: code 16.",
        tags,
        body: RevokeBody,
        response: { 200: envelopeOf(Empty) },
      },
    },
    async (request) => {
      await revokeToken(deps, request.body ?? {});
      return ok(request, {});
    },
  );

  app.post(
    '/oauth/disconnect',
    {
      schema: {
        summary: "Disconnect the platform from the token's shop",
        description: "Bearer only. Revokes the authorization, every token of it and the platform's webhook subscriptions for the shop. Idempotent.",
        tags,
        security: [{ Bearer: [] }],
        response: { 200: envelopeOf(Empty) },
      },
      config: { auth: 'partner' },
    },
    async (request) => {
      if (request.auth.scheme !== 'bearer') throw unauthenticated("this endpoint takes the platform's bearer token, not HMAC headers");
      await revokeGrant(deps, request.auth.platformId, request.auth.shopId, 'platform_disconnected');
      return ok(request, {});
    },
  );

  app.get(
    '/get_shop_authorization_info',
    {
      schema: {
        summary: 'Is the platform authorised by a shop?',
        description: 'Client credentials in the query. An unknown or never-authorising shop answers is_authorized false (code 0).',
        tags,
        querystring: ShopQuery,
        response: { 200: envelopeOf(AuthorizationInfo) },
      },
    },
    async (request) => ok(request, await authorizationInfo(deps, request.query)),
  );

  app.get(
    '/get_shop_install_status',
    {
      schema: {
        summary: 'Did the shop ever install the platform?',
        description: 'Client credentials in the query; needs the read_shop_install_status platform permission (code 7 otherwise). Ignores later revocation.',
        tags,
        querystring: ShopQuery,
        response: { 200: envelopeOf(InstallStatus) },
      },
    },
    async (request) => ok(request, await installStatus(deps, request.query)),
  );

  app.post(
    '/cancel_platform_authorization',
    {
      schema: {
        summary: "Cancel the platform's authorization for a shop",
        description: 'Client credentials in the body. Same effect as disconnect, without a live token. Unknown shop or grant: code 0.',
        tags,
        body: ShopQuery,
        response: { 200: envelopeOf(Empty) },
      },
    },
    async (request) => {
      await cancelByPlatform(deps, request.body ?? {});
      return ok(request, {});
    },
  );
};
