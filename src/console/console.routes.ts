import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_DIST } from '../../packages/console/build.ts';
import { CONSOLE_SECURITY_HEADERS, IMMUTABLE, NEVER_CACHED } from './console.headers.ts';

export const CONSOLE_PREFIX = '/admin/';
const ADMIN_API_PREFIX = '/admin/api/';
const HASHED_FILE = /^[\w.-]+-[\w-]{8,}\.(js|css|svg|png|woff2?)$/;

const pageSchema = (summary: string, description: string) => ({
  summary,
  description,
  tags: ['Console'],
  response: {
    200: { description: 'an HTML page or a file of the console', type: 'string' as const },
    404: { description: 'no such file (or an unknown /admin/api/ path: problem details)', type: 'string' as const },
    503: { description: 'the console is not built (run npm run build)', type: 'string' as const },
  },
});

/**
 * The merchant console (packages/console, built by `npm run build`) under /admin/: hashed assets
 * with immutable caching, sent precompressed (brotli or gzip, made at build time); every other
 * /admin/ path is a page of the single-page app and answers index.html, never cached. /admin/api/*
 * is the Admin API's; an unknown path there is a problem+json 404, never the app.
 */
export async function consoleRoutes(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? CONSOLE_DIST;
  const built = () => existsSync(join(root, 'index.html'));
  await app.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders: (reply, path) => reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : NEVER_CACHED),
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(ADMIN_API_PREFIX)) reply.headers(CONSOLE_SECURITY_HEADERS);
  });

  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith(ADMIN_API_PREFIX)) return notFoundProblem(request, reply, path);
    if (path.startsWith(`${CONSOLE_PREFIX}assets/`)) return reply.code(404).type('text/plain').header('cache-control', NEVER_CACHED).send('no such file');
    if (!built()) {
      return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', NEVER_CACHED).send('The console is not built yet: run `npm run build` (npm start does it).');
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  };

  app.get(
    '/admin/assets/:file',
    {
      schema: {
        ...pageSchema('A built file of the merchant console', 'Hashed JavaScript and CSS of the console, immutable for a year, brotli or gzip when accepted.'),
        params: { type: 'object', properties: { file: { type: 'string', description: 'hashed file name' } }, required: ['file'] },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      if (!HASHED_FILE.test(file) || !existsSync(join(root, 'assets', file))) {
        return reply.code(404).type('text/plain').header('cache-control', NEVER_CACHED).send('no such file');
      }
      return reply.sendFile(join('assets', file));
    },
  );
  app.get(CONSOLE_PREFIX, { schema: pageSchema('The merchant console', 'The single-page app (index.html, never cached).') }, sendPage);
  app.get(
    `${CONSOLE_PREFIX}*`,
    {
      schema: {
        ...pageSchema('A page of the merchant console', 'Deep links into the single-page app answer its index.html; /admin/api/* is not part of it.'),
        params: { type: 'object', properties: { '*': { type: 'string', description: 'the page path' } } },
      },
    },
    sendPage,
  );
}

function notFoundProblem(request: FastifyRequest, reply: FastifyReply, path: string) {
  return reply
    .code(404)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'urn:plaudit:problem:not-found', title: 'Not found', status: 404, detail: `no such endpoint: ${request.method} ${path}`, instance: path, request_id: request.id }));
}
