import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PLACEHOLDER_CSS } from '../../packages/widget/src/styles.ts';
import { FragmentQuery, renderFragment } from './fragments.ts';
import { PublicReadCache } from './public-cache.ts';
import { resolveShop } from './storefront.service.ts';
import { IMMUTABLE, sendAsset } from '../http/static-assets.ts';
import { registerSecurityHeaders, SECURITY_HEADERS } from '../http/security-headers.ts';
import { widgetScript, WIDGET_PATH } from './widget-assets.ts';

const tags = ['Storefront'];

/** The widget script, its placeholder CSS, and server-rendered widget fragments. */
export const storefrontViewRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache }> = async (app, { cache }) => {
  await registerSecurityHeaders(app);
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });

  // Built ahead of time (npm run build); a missing build fails the start, not a shopper's request.
  const script = widgetScript();
  const asset = SECURITY_HEADERS.crossOriginAsset;

  // The stable URLs merchants put in their themes: a short cache, so a new version reaches them soon.
  for (const path of [`${WIDGET_PATH}plaudit.js`, `${WIDGET_PATH}loader.js`]) {
    app.get(
      path,
      {
        schema: {
          summary: 'The storefront widget script',
          description:
            'One file, no dependencies. Embed with <script async src=".../widget/v1/plaudit.js" data-shop="DOMAIN">. ' +
            'Brotli or gzip by Accept-Encoding; cached 5 minutes (the versioned URL /widget/v1/plaudit.<hash>.js is immutable).',
          tags,
        },
        helmet: asset,
      },
      async (request, reply) => sendAsset(request, reply, script, 'public, max-age=300'),
    );
  }

  app.get(
    `${WIDGET_PATH}${script.file}`,
    {
      schema: { summary: 'The storefront widget script, versioned', description: 'The same script under its content hash: cached for a year (immutable). Hosted pages use this URL.', tags },
      helmet: asset,
    },
    async (request, reply) => sendAsset(request, reply, script, IMMUTABLE),
  );

  app.get(
    '/widget/v1/placeholder.css',
    {
      schema: { summary: 'Placeholder CSS for the script-only embed', description: "Reserves each widget's space so nothing shifts when the script renders it.", tags },
      helmet: asset,
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(PLACEHOLDER_CSS),
  );

  app.get(
    '/storefront/v1/fragment',
    {
      schema: {
        summary: 'A server-rendered widget (HTML fragment)',
        description:
          'For server-side includes (Liquid, Next.js, Hydrogen): the widget container with its content as declarative shadow DOM, ' +
          'the state the script hydrates in place (no layout shift), and schema.org Product JSON-LD for product-reviews. ' +
          'Public; CORS for any origin; ETag and Cache-Control max-age=60.',
        tags,
        querystring: FragmentQuery,
        response: { 200: Type.String({ description: 'text/html fragment' }), 304: Type.Null({ description: 'not modified (If-None-Match)' }) },
      },
      helmet: SECURITY_HEADERS.fragment,
    },
    async (request, reply) => {
      let entry = cache.get(request.url);
      if (!entry) {
        const shop = await resolveShop(app.db, request.query);
        entry = cache.set(request.url, shop.id, await renderFragment(app.db, shop, request.query, app.config.publicUrl, app.dialect));
      }
      reply.header('cache-control', 'public, max-age=60').header('etag', entry.etag).type('text/html; charset=utf-8');
      if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send(null);
      return entry.json;
    },
  );
};
