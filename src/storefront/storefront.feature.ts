import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { lazyRequire } from '../lib/lazy.ts';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');
import { ApiError } from '../http/errors.ts';
import { storefrontPageRoutes } from './pages.routes.ts';
import { PublicReadCache } from './public-cache.ts';
import { storefrontApiRoutes } from './storefront.routes.ts';
import { storefrontViewRoutes } from './views.routes.ts';

export const STOREFRONT_API_PREFIX = '/api/v1/reviews';

/**
 * The storefront feature: public JSON API (/api/v1/reviews/*), widget script and fragments
 * (/widget/v1/*, /storefront/v1/*) and hosted pages (/s/<shop>/*). Writes are rate limited
 * per IP, in memory or in Redis when REDIS_URL is set.
 */
export async function storefrontFeature(app: FastifyInstance): Promise<void> {
  const cache = new PublicReadCache(app.clock, app.config.storefrontCacheSeconds * 1000);
  const redis = app.config.redisUrl ? new (ioredis().Redis)(app.config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 }) : null;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, skipOnError: true, nameSpace: `${app.config.redisKeyPrefix}storefront-rate:` } : {}),
    errorResponseBuilder: (_request, context) =>
      new ApiError('resource_exhausted', `rate limit exceeded: retry in ${Math.ceil(context.ttl / 1000)} seconds`, 429),
  });
  const writeLimit = { rateLimit: { max: app.config.storefrontSubmitPerMinute, timeWindow: 60_000 } };
  // Events come with every click on the widget: a wider allowance than review submissions.
  const eventLimit = { rateLimit: { max: app.config.storefrontSubmitPerMinute * 6, timeWindow: 60_000 } };
  await app.register(storefrontApiRoutes, { prefix: STOREFRONT_API_PREFIX, cache, writeLimit, eventLimit });
  await app.register(storefrontViewRoutes, { cache });
  await app.register(storefrontPageRoutes, { cache, writeLimit });
}
