import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { useSurface } from './security-headers.ts';

const DESCRIPTION = `Plaudit serves the Trustoo Open API: an integration written for Trustoo works by changing its base URL.

**Envelope.** Every response under \`/api/v1/openapi/\` is \`{code, message, time, request_id, data}\` with HTTP 200 for
business outcomes. Codes: 0 success, 3 invalid argument (the message names the field), 5 not found,
6 already exists, 7 permission denied (missing OAuth scope), 8 rejected (rate limit), 13 internal error,
16 authentication failed (the message says which check failed). Unknown paths answer 404, wrong methods 405,
bodies over 1 MB 413 — still with the envelope.

**HMAC authentication.** Send \`Public-Token\`, \`Timestamp\` (Unix seconds, within 15 minutes of server time) and
\`Sign\`: lowercase hex HMAC-SHA256, keyed with the shop's private token, of the sorted query pairs plus
\`timestamp=<Timestamp>\` joined by \`&\` (values not URL-encoded), followed by \`|\` and the raw body when there is one.
Example: \`timestamp=1700465771|{"rating":5,"author":"Jane"}\`.

**Bearer authentication.** \`Authorization: Bearer <access_token>\` from the OAuth flow; when present it is used
instead of HMAC and limited to the token's scopes.`;

/** The served OpenAPI document (/openapi.json) and its reference page (/docs). */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Plaudit API', version: '1.0.0', description: DESCRIPTION },
      servers: [{ url: app.config.publicUrl }],
      tags: [
        { name: 'Reviews', description: 'Read, create and delete reviews (spec endpoints.md §D)' },
        { name: 'Media', description: 'Image upload credentials and video upload URLs (spec endpoints.md §E)' },
        { name: 'Media storage', description: 'The upload receivers and served files (object-storage style, errors as XML)' },
        { name: 'Webhooks', description: 'Subscribe URLs to review and customer-event topics (spec endpoints.md §C); deliveries are signed and retried' },
        { name: 'Orders', description: 'Orders and the state of their review requests (spec endpoints.md §F; push and Shopify intake are Plaudit extensions)' },
        { name: 'Questions', description: 'Product questions and answers: list, answer, publish, hide, invite buyers (Plaudit extension, docs/questions.md)' },
        { name: 'Customers', description: 'Customer events, email unsubscribes and exclusions (spec endpoints.md §G, §H)' },
        { name: 'Emails', description: 'Pages reached from review-request emails: open pixel, tracked links, hosted review form, unsubscribe' },
        { name: 'Storefront', description: 'Public storefront API, widget, fragments and hosted pages (docs/storefront.md)' },
        { name: 'Operations', description: 'Health and documentation' },
        { name: 'OAuth', description: 'Partner platform OAuth and platform management, Trustoo envelope (spec endpoints.md §A, §B)' },
        { name: 'OAuth (standard)', description: 'The same grants as RFC 8414 / RFC 6749 / RFC 7009 for off-the-shelf OAuth clients' },
        { name: 'Merchant', description: 'Merchant-session helpers (spec endpoints.md §I)' },
        { name: 'Merchant pages', description: 'Server-rendered sign-in, consent and settings pages' },
        { name: 'Console', description: 'The merchant console (single-page app) under /admin/' },
        { name: 'admin', description: 'Admin API of the merchant console (docs/admin-api.md): cookie session + X-CSRF-Token, roles per shop, RFC 9457 problem details' },
      ],
      components: {
        securitySchemes: {
          PublicToken: { type: 'apiKey', in: 'header', name: 'Public-Token', description: "the shop's public token" },
          Timestamp: { type: 'apiKey', in: 'header', name: 'Timestamp', description: 'Unix seconds, valid for 15 minutes' },
          Sign: { type: 'apiKey', in: 'header', name: 'Sign', description: 'HMAC-SHA256 signature, lowercase hex' },
          Bearer: { type: 'http', scheme: 'bearer', description: 'OAuth 2 access token of a partner platform' },
          MerchantSession: { type: 'http', scheme: 'bearer', description: 'merchant session token (merchant_sign_in) in Authorization, with or without Bearer' },
          AdminSession: { type: 'apiKey', in: 'cookie', name: 'plaudit_admin', description: 'console session cookie (POST /admin/api/v1/session); unsafe methods also need the X-CSRF-Token header' },
        },
      },
    },
  });
  // Swagger UI in a plugin of its own, the only one with the docs surface's headers.
  await app.register(async (docs) => {
    await useSurface(docs, 'docs');
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  });
  app.get('/openapi.json', { schema: { summary: 'The OpenAPI 3.1 document of this server', tags: ['Operations'], hide: false }, logLevel: 'warn' }, async () => app.swagger());
}

/** Security requirement for partner endpoints: the three HMAC headers together, or a bearer token. */
export const PARTNER_SECURITY: Array<Record<string, string[]>> = [{ PublicToken: [], Timestamp: [], Sign: [] }, { Bearer: [] }];
