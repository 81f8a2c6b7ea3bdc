import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.ts';
import { FEED_FILE, FEED_INDEX_FILE, cachedPlan, feedDocument, feedEtag, feedIndexXml, feedVersion, resolveFeed } from './feed.service.ts';

const tags = ['Google feeds'];
const FeedParams = Type.Object({
  token: Type.String({ maxLength: 128, description: "the shop's secret feed token (npx plaudit feeds url --domain D)" }),
  file: Type.String({
    maxLength: 64,
    description: `${FEED_FILE} (the whole feed), ${FEED_INDEX_FILE} (the numbered files of a feed over the size limit) or google-product-reviews-<n>.xml`,
  }),
});

const FEED_FILE_NAME = /^google-product-reviews(-index|-[1-9][0-9]{0,5})?\.xml$/;
const notFoundPage = () => new ApiError('not_found', 'feed not found', 404);

/** Answers 304 when the crawler's copy is current (If-None-Match wins over If-Modified-Since, RFC 9110 §13.2.2). */
function notModified(request: FastifyRequest, etag: string, lastModified: number): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}

/**
 * The Google Product Ratings feed (schema 2.4) behind a per-shop secret URL: the full feed on every
 * fetch, streamed from the database; a feed over FEED_MAX_FILE_BYTES is served as numbered files
 * listed by the index file.
 */
export const feedsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/feeds/:token/:file',
    {
      schema: {
        summary: 'Google Product Ratings feed (schema 2.4)',
        description:
          'Every published product review of the shop (store reviews and hidden reviews are never included; no rating filter), as a complete Product Ratings feed. ' +
          'Carries ETag and Last-Modified; If-None-Match / If-Modified-Since answer 304. When the feed exceeds the file size limit, ' +
          `${FEED_FILE} redirects (302) to ${FEED_INDEX_FILE}, which lists google-product-reviews-1.xml … -N.xml, each a complete feed. An unknown or rotated token answers 404.`,
        tags,
        params: FeedParams,
        response: {
          200: Type.String({ description: 'application/xml: the feed, or the index of its files' }),
        },
      },
    },
    async (request, reply) => {
      const { token, file } = request.params;
      if (!FEED_FILE_NAME.test(file)) throw notFoundPage();
      const feed = await resolveFeed(app.db, app.config.publicUrl, token);
      if (!feed) throw notFoundPage();
      const maxBytes = app.config.feedMaxFileBytes;
      const { version, lastModified } = await feedVersion(app.db, feed, maxBytes);
      const etag = feedEtag(version, file);
      reply.header('etag', etag).header('last-modified', new Date(lastModified).toUTCString()).header('cache-control', 'no-cache').header('x-robots-tag', 'noindex');
      if (notModified(request, etag, lastModified)) return (reply as FastifyReply).code(304).send();
      const plan = await cachedPlan(app.db, feed, version, maxBytes);
      if (file === FEED_INDEX_FILE) return xml(reply).send(feedIndexXml(app.config.publicUrl, token, plan.length, lastModified));
      if (file === FEED_FILE) {
        if (plan.length > 1) return (reply as FastifyReply).code(302).header('location', FEED_INDEX_FILE).send();
        return xml(reply).send(Readable.from(feedDocument(app.db, feed)));
      }
      const part = Number(/-(\d+)\.xml$/.exec(file)![1]);
      const range = plan[part - 1];
      if (!range) throw notFoundPage();
      return xml(reply).send(Readable.from(feedDocument(app.db, feed, range)));
    },
  );
};

const xml = (reply: FastifyReply) => reply.type('application/xml; charset=utf-8');
