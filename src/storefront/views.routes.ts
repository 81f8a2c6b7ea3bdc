import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { buildWidget, widgetIsStale, WIDGET_OUT } from '../../packages/widget/build.ts';
import { PLACEHOLDER_CSS } from '../../packages/widget/src/styles.ts';
import { FragmentQuery, renderFragment } from './fragments.ts';
import { etagOf, PublicReadCache } from './public-cache.ts';
import { resolveShop } from './storefront.service.ts';

const tags = ['Storefront'];

/** The widget script, its placeholder CSS, and server-rendered widget fragments. */
export const storefrontViewRoutes: FastifyPluginAsyncTypebox<{ cache: PublicReadCache }> = async (app, { cache }) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });

  let script: Promise<{ body: string; etag: string }> | null = null;
  const loadScript = () =>
    (script ??= (async () => {
      if (widgetIsStale()) await buildWidget();
      const body = await readFile(WIDGET_OUT, 'utf8');
      return { body, etag: etagOf(body) };
    })().catch((error: unknown) => {
      script = null;
      throw error;
    }));

  for (const path of ['/widget/v1/plaudit.js', '/widget/v1/loader.js']) {
    app.get(path, {
      schema: { summary: 'The storefront widget script', description: 'One file, no dependencies. Embed with <script async src=".../widget/v1/plaudit.js" data-shop="DOMAIN">.', tags },
    }, async (request, reply) => {
      const { body, etag } = await loadScript();
      reply.header('cache-control', 'public, max-age=300').header('etag', etag).type('application/javascript; charset=utf-8');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return body;
    });
  }

  app.get('/widget/v1/placeholder.css', {
    schema: { summary: 'Placeholder CSS for the script-only embed', description: 'Reserves each widget\'s space so nothing shifts when the script renders it.', tags },
  }, async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(PLACEHOLDER_CSS));

  app.get('/storefront/v1/fragment', {
    schema: {
      summary: 'A server-rendered widget (HTML fragment)',
      description:
        'For server-side includes (Liquid, Next.js, Hydrogen): the widget container with its content as declarative shadow DOM, ' +
        'the state the script hydrates in place (no layout shift), and schema.org Product JSON-LD for product-reviews. ' +
        'Public; CORS for any origin; ETag and Cache-Control max-age=60.',
      tags, querystring: FragmentQuery,
      response: { 200: Type.String({ description: 'text/html fragment' }), 304: Type.Null({ description: 'not modified (If-None-Match)' }) },
    },
  }, async (request, reply) => {
    let entry = cache.get(request.url);
    if (!entry) {
      const shop = await resolveShop(app.db, request.query);
      entry = cache.set(request.url, shop.id, await renderFragment(app.db, shop, request.query, app.config.publicUrl));
    }
    reply.header('cache-control', 'public, max-age=60').header('etag', entry.etag).type('text/html; charset=utf-8');
    if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send(null);
    return entry.json;
  });
};
