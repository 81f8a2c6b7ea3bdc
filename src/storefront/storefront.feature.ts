import type { FastifyInstance } from 'fastify';
import { limitPerAddress } from '../http/rate-limit.ts';
import { storefrontAppearanceRoutes } from './appearance.routes.ts';
import { storefrontPageRoutes } from './pages.routes.ts';
import { PublicReadCache } from './public-cache.ts';
import { storefrontApiRoutes } from './storefront.routes.ts';
import { storefrontQuestionRoutes } from './questions.routes.ts';
import { storefrontViewRoutes } from './views.routes.ts';

export const STOREFRONT_API_PREFIX = '/api/v1/reviews';

/**
 * The storefront feature: public JSON API (/api/v1/reviews/*), widget script and fragments
 * (/widget/v1/*, /storefront/v1/*) and hosted pages (/s/<shop>/*). Writes are rate limited
 * per address through the app's rate limiter (in memory, or Redis when REDIS_URL is set).
 */
export async function storefrontFeature(app: FastifyInstance): Promise<void> {
  const cache = new PublicReadCache(app.clock, app.config.storefrontCacheSeconds * 1000);
  limitPerAddress(app);
  const writeLimit = { perAddressPerMinute: app.config.storefrontSubmitPerMinute };
  // Events come with every click on the widget: a wider allowance than review submissions.
  const eventLimit = { perAddressPerMinute: app.config.storefrontSubmitPerMinute * 6 };
  await app.register(storefrontApiRoutes, { prefix: STOREFRONT_API_PREFIX, cache, writeLimit, eventLimit });
  await app.register(storefrontQuestionRoutes, { prefix: STOREFRONT_API_PREFIX, cache, writeLimit });
  await app.register(storefrontAppearanceRoutes, { prefix: STOREFRONT_API_PREFIX, cache });
  await app.register(storefrontViewRoutes, { cache });
  await app.register(storefrontPageRoutes, { cache, writeLimit });
}
