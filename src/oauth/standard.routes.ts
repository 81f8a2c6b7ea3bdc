import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.ts';
import { OAuthError } from './oauth.errors.ts';
import { oauthDeps } from './oauth.hooks.ts';
import { ALL_SCOPES } from './scopes.ts';
import { exchangeToken } from './tokens.service.ts';
import { revokeToken } from './grants.service.ts';
import { acceptFormBodies, FORM, formFields } from './forms.ts';

const tags = ['OAuth (standard)'];

/** RFC 8414 metadata; the issuer is PUBLIC_URL. */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...ALL_SCOPES],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer}/docs`,
  };
}

/** client_secret_basic (form-urlencoded id and secret, RFC 6749 §2.3.1) or client_secret_post, not both. */
function withClientCredentials(request: FastifyRequest, fields: Record<string, string>): Record<string, string> {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') return fields;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header.trim());
  if (!match) throw new OAuthError('invalid_client', 'Authorization must be Basic client credentials', false);
  if (fields.client_secret !== undefined) throw new OAuthError('invalid_request', 'use one client authentication method, not two');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw new OAuthError('invalid_client', 'malformed Basic credentials', false);
  const formDecode = (text: string) => new URLSearchParams(`v=${text}`).get('v') ?? '';
  const clientId = formDecode(decoded.slice(0, colon));
  if (fields.client_id !== undefined && fields.client_id !== clientId) throw new OAuthError('invalid_request', 'client_id differs from the Basic credentials');
  return { ...fields, client_id: clientId, client_secret: formDecode(decoded.slice(colon + 1)) };
}

function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').serializer(JSON.stringify);
  if (error instanceof OAuthError) {
    if (error.oauthCode === 'invalid_client') {
      if (typeof request.headers.authorization === 'string') reply.header('www-authenticate', 'Basic realm="plaudit"');
      return reply.status(401).send({ error: 'invalid_client', error_description: error.description });
    }
    return reply.status(400).send({ error: error.oauthCode, error_description: error.description });
  }
  if (error instanceof ApiError && error.code === 3) {
    return reply.status(400).send({ error: 'invalid_request', error_description: error.message.replace(/^invalid argument: /, '') });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: 'server_error', error_description: 'internal error' });
}

const OAuthErrorBody = Type.Object(
  {
    error: Type.String({ description: 'RFC 6749 error code, e.g. invalid_grant' }),
    error_description: Type.String({ description: 'what went wrong' }),
  },
  { description: 'RFC 6749 §5.2 error' },
);

/** The standard OAuth surface beside the Trustoo paths: same services, RFC presentation. */
export const standardOAuthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = oauthDeps(app);
  await acceptFormBodies(app);
  app.setErrorHandler((error, request, reply) => sendOAuthError(request, reply, error));

  app.get(
    '/.well-known/oauth-authorization-server',
    {
      schema: { summary: 'OAuth 2.0 authorization server metadata (RFC 8414)', tags, response: { 200: Type.Object({}, { additionalProperties: true, description: 'metadata' }) } },
    },
    async () => authorizationServerMetadata(app.config.publicUrl),
  );

  app.post(
    '/oauth/token',
    {
      schema: {
        summary: 'Token endpoint (RFC 6749, form-encoded)',
        description: 'Same grants as /api/v1/openapi/oauth/token. Client authentication: client_secret_basic or client_secret_post. Errors are RFC 6749 §5.2 JSON with HTTP 400/401.',
        tags,
        consumes: [FORM],
        response: {
          200: Type.Object({
            access_token: Type.String({ description: 'opaque bearer token' }),
            token_type: Type.String({ description: 'Bearer' }),
            expires_in: Type.Integer({ description: 'seconds' }),
            refresh_token: Type.Optional(Type.String({ description: 'rotated on every refresh' })),
            scope: Type.String({ description: 'space-separated granted scopes' }),
            shop_id: Type.String({ description: 'the shop the token acts for' }),
            myshopify_domain: Type.String({ description: "the shop's domain" }),
          }),
          400: OAuthErrorBody,
          401: OAuthErrorBody,
        },
      },
    },
    async (request, reply) => {
      const tokens = await exchangeToken(deps, withClientCredentials(request, formFields(request)));
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const { refresh_token_expires_in: _ignored, ...rest } = tokens;
      return { ...rest, scope: tokens.scope.split(',').join(' ') };
    },
  );

  app.post(
    '/oauth/revoke',
    {
      schema: {
        summary: 'Token revocation (RFC 7009, form-encoded)',
        description: 'token (access or refresh) and optional token_type_hint. HTTP 200 with an empty body, also for unknown tokens.',
        tags,
        consumes: [FORM],
        response: { 200: Type.Null({ description: 'empty body' }), 400: OAuthErrorBody, 401: OAuthErrorBody },
      },
    },
    async (request, reply) => {
      const fields = withClientCredentials(request, formFields(request));
      if (!fields.token) throw new OAuthError('invalid_request', 'token is required');
      await revokeToken(deps, fields);
      return reply.status(200).header('cache-control', 'no-store').send(null);
    },
  );
};
