import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './app-config.ts';
import type { Db } from './db/database.ts';
import type { DialectName } from './db/dialect.ts';
import type { Clock } from './lib/clock.ts';
import type { SecretBox } from './lib/crypto.ts';
import type { EventSink } from './events/events.ts';
import type { OAuthHooks } from './oauth/oauth.hooks.ts';
import type { Services } from './services.ts';
import { registerBodyParsing, parseQueryString, BODY_LIMIT_BYTES } from './http/body.ts';
import { registerValidators } from './http/validation.ts';
import { registerErrorHandlers } from './http/handlers.ts';
import { authenticatePartner, type BearerVerifier, type HmacKeyResolver } from './http/auth.ts';
import type { ReplayGuard } from './http/replay-guard.ts';
import { ApiError, invalidArgument } from './http/errors.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import type { SharedRedis } from './lib/redis.ts';
import { sendError } from './http/envelope.ts';
import { registerOpenApi } from './http/openapi.ts';
import { lazyRequestLogger } from './http/request-logger.ts';
import { afterPollPhase } from './http/turn-batch.ts';

import { SERVER_TIMEOUTS } from './http/connections.ts';
import { newRequestId } from './lib/ids.ts';
import { healthRoutes } from './health/health.routes.ts';
import { reviewsRoutes } from './reviews/reviews.routes.ts';
import { ratingsRoutes } from './ratings/ratings.routes.ts';
import { mediaRoutes } from './media/media.routes.ts';
import { mediaPublicRoutes } from './media/media.public.ts';
import { oauthRoutes } from './oauth/oauth.routes.ts';
import { standardOAuthRoutes } from './oauth/standard.routes.ts';
import { oauthPages } from './oauth/pages.routes.ts';
import { merchantRoutes } from './merchants/merchants.routes.ts';
import { LEGACY_API_PREFIX, legacyWebhooksRoutes, webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { ordersLegacyRoutes, ordersRoutes } from './orders/orders.routes.ts';
import { shopifyRoutes } from './orders/shopify.routes.ts';
import { customersLegacyRoutes, customersRoutes } from './customers/customers.routes.ts';
import { emailPagesRoutes } from './emails/pages.routes.ts';
import { postponeRoutes } from './emails/postpone.routes.ts';
import { reviewerPagesRoutes } from './reviewers/reviewers.routes.ts';
import { storefrontFeature } from './storefront/storefront.feature.ts';
import { consoleRoutes } from './console/console.routes.ts';
import { feedsRoutes } from './feeds/feeds.routes.ts';
import { searchPagesRoutes } from './feeds/search-pages.routes.ts';
import { adminFeature } from './admin/admin.feature.ts';
import { questionsRoutes } from './questions/questions.routes.ts';
import { questionPagesRoutes } from './questions/questions.pages.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    dialect: DialectName;
    clock: Clock;
    secrets: SecretBox;
    verifyBearer: BearerVerifier;
    resolveHmacKey: HmacKeyResolver;
    replayGuard: ReplayGuard | null;
    /** The process's one Redis client (REDIS_URL), null without it. */
    redis: SharedRedis | null;
    /** Partner API and storefront limits; Redis down → requests let through with a warning. */
    rateLimiter: RateLimiter;
    events: EventSink;
    /** Every registered path and its methods (used for 405 answers and the OpenAPI completeness test). */
    routeTable: Map<string, Set<string>>;
    oauthHooks: OAuthHooks;
    /** When the last request arrived (performance.now()); the in-process worker rests while requests flow. */
    activity: { lastRequestAt: number };
  }
}

export const API_PREFIX = '/api/v1/openapi';

/**
 * Builds the HTTP application on the services (src/services.ts), which it exposes as
 * decorations (app.db, app.config, app.events, …) and releases when it closes.
 * THE route table is at the bottom: one line per feature.
 */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, clock } = services;
  const app = Fastify({
    // A child of the services' logger; none at all when silent (no per-request child loggers).
    ...(config.logLevel === 'silent' ? { logger: false } : { loggerInstance: services.log, childLoggerFactory: lazyRequestLogger }),
    genReqId: () => newRequestId(),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    http: { headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs, connectionsCheckingInterval: SERVER_TIMEOUTS.connectionsCheckingIntervalMs },
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    routerOptions: { querystringParser: parseQueryString, ignoreTrailingSlash: true },
    frameworkErrors: (error, request, reply) => sendError(request, reply, 400, 3, `invalid argument: ${error.message}`),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('db', services.db);
  app.decorate('dialect', services.dialect);
  app.decorate('clock', clock);
  app.decorate('secrets', services.secrets);
  app.decorate('verifyBearer', services.verifyBearer);
  app.decorate('resolveHmacKey', services.resolveHmacKey);
  app.decorate('redis', services.redis);
  app.decorate('rateLimiter', services.rateLimiter);
  app.decorate('replayGuard', services.replayGuard);
  app.decorate('events', services.events);
  app.decorate('mediaStorage', services.mediaStorage);
  app.decorate('oauthHooks', services.oauthHooks);
  app.decorate('platformWebhookCredentials', services.platformWebhookCredentials);
  app.decorate('mailer', services.mailer);
  app.addHook('onClose', () => services.close());
  app.decorateRequest('auth', null as never);

  const routesByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = routesByPath.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    routesByPath.set(route.url, methods);
  });
  const activity = services.activity;
  app.decorate('activity', activity);
  // A callback hook, not an async one: it runs on every request, and a promise each is measurable.
  app.addHook('onRequest', (request, reply, done) => {
    activity.lastRequestAt = performance.now();
    reply.header('x-request-id', request.id);
    done();
  });
  const partnerRule = services.apiRateRule;
  // Authentication first, so an unauthenticated caller learns nothing about its body.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.auth === 'partner') {
      // The turn's partner requests are checked and answered together (see afterPollPhase).
      await afterPollPhase();
      const auth = await authenticatePartner(request);
      request.auth = auth;
      const wait = partnerRule ? await app.rateLimiter.take(`${auth.scheme}:${auth.shopId}:${auth.platformId}`, partnerRule, clock.now()) : 0;
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ApiError('resource_exhausted', `rate limit exceeded: ${config.apiRatePerSecond} requests/s (burst ${config.apiRateBurst}); retry after ${wait} s`);
      }
    }
    if (request.bodyError) throw invalidArgument('body', request.bodyError.replace(/^body /, ''));
  });

  app.decorate('routeTable', routesByPath);
  registerBodyParsing(app);
  registerValidators(app);
  registerErrorHandlers(app, () => routesByPath);
  await registerOpenApi(app);

  // The route table.
  await app.register(healthRoutes);
  await app.register(reviewsRoutes, { prefix: API_PREFIX });
  await app.register(ratingsRoutes, { prefix: API_PREFIX });
  await app.register(mediaRoutes, { prefix: API_PREFIX });
  await app.register(mediaPublicRoutes);
  await app.register(oauthRoutes, { prefix: API_PREFIX });
  await app.register(merchantRoutes, { prefix: API_PREFIX });
  await app.register(standardOAuthRoutes);
  await app.register(oauthPages);
  await app.register(webhooksRoutes, { prefix: API_PREFIX });
  await app.register(legacyWebhooksRoutes, { prefix: LEGACY_API_PREFIX });
  await app.register(ordersRoutes, { prefix: API_PREFIX });
  await app.register(ordersLegacyRoutes, { prefix: LEGACY_API_PREFIX });
  await app.register(shopifyRoutes);
  await app.register(customersRoutes, { prefix: API_PREFIX });
  await app.register(customersLegacyRoutes, { prefix: LEGACY_API_PREFIX });
  await app.register(questionsRoutes, { prefix: API_PREFIX });
  await app.register(emailPagesRoutes);
  await app.register(postponeRoutes);
  await app.register(questionPagesRoutes);
  await app.register(reviewerPagesRoutes);
  await app.register(storefrontFeature);
  await app.register(consoleRoutes);
  await app.register(feedsRoutes);
  await app.register(searchPagesRoutes);
  await app.register(adminFeature);

  return app;
}
