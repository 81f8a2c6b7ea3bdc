import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Db, DbHandle } from './db/database.ts';
import type { DialectName } from './db/dialect.ts';
import { registerBodyParsing, parseQueryString, BODY_LIMIT_BYTES } from './http/body.ts';
import { registerValidators } from './http/validation.ts';
import { registerErrorHandlers } from './http/handlers.ts';
import { authenticatePartner, ReplayGuard, type BearerVerifier } from './http/auth.ts';
import { ApiError, invalidArgument } from './http/errors.ts';
import { MemoryRateLimiter, RedisRateLimiter } from './http/rate-limit.ts';
import { sendError } from './http/envelope.ts';
import { registerOpenApi } from './http/openapi.ts';
import { newRequestId } from './lib/ids.ts';
import { SecretBox } from './lib/crypto.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { allSinks, type EventSink } from './events/events.ts';
import { healthRoutes } from './health/health.routes.ts';
import { reviewsRoutes } from './reviews/reviews.routes.ts';
import { ratingsRoutes } from './ratings/ratings.routes.ts';
import { createMediaStorage } from './media/media.storage.ts';
import { mediaEventSink } from './media/media.events.ts';
import { mediaRoutes } from './media/media.routes.ts';
import { mediaPublicRoutes } from './media/media.public.ts';
import { verifyOAuthBearer } from './oauth/bearer.ts';
import { noOAuthHooks, type OAuthHooks } from './oauth/oauth.hooks.ts';
import { oauthRoutes } from './oauth/oauth.routes.ts';
import { standardOAuthRoutes } from './oauth/standard.routes.ts';
import { oauthPages } from './oauth/pages.routes.ts';
import { merchantRoutes } from './merchants/merchants.routes.ts';
import { platformWebhookCredentials, withWebhookCleanup } from './oauth/oauth.webhooks.ts';
import { webhookEvents } from './webhooks/webhooks.events.ts';
import type { PlatformWebhookResolver } from './webhooks/webhooks.platforms.ts';
import { LEGACY_API_PREFIX, legacyWebhooksRoutes, webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { ordersLegacyRoutes, ordersRoutes } from './orders/orders.routes.ts';
import { shopifyRoutes } from './orders/shopify.routes.ts';
import { customersLegacyRoutes, customersRoutes } from './customers/customers.routes.ts';
import { emailPagesRoutes } from './emails/pages.routes.ts';
import { createMailer } from './emails/mailer.ts';
import { storefrontFeature } from './storefront/storefront.feature.ts';
import { consoleRoutes } from './console/console.routes.ts';
import { adminFeature } from './admin/admin.feature.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    dialect: DialectName;
    clock: Clock;
    secrets: SecretBox;
    verifyBearer: BearerVerifier;
    replayGuard: ReplayGuard | null;
    events: EventSink;
    /** Every registered path and its methods (used for 405 answers and the OpenAPI completeness test). */
    routeTable: Map<string, Set<string>>;
    oauthHooks: OAuthHooks;
    /** When the last request arrived (performance.now()); the in-process worker rests while requests flow. */
    activity: { lastRequestAt: number };
  }
}

export interface AppDeps {
  config: Config;
  database: DbHandle;
  clock?: Clock;
  /** Defaults to the OAuth access-token lookup (src/oauth/bearer.ts). */
  verifyBearer?: BearerVerifier;
  /** Receives domain events inside their transaction (webhooks subscribe here). */
  events?: EventSink;
  /** Listeners for platform authorization and disconnection (webhooks registers here). */
  oauthHooks?: OAuthHooks;
  /** Set by the OAuth feature: signing credentials and current scopes of a platform for webhook deliveries. */
  platformWebhookCredentials?: PlatformWebhookResolver;
}

export const API_PREFIX = '/api/v1/openapi';

/** Builds the HTTP application. THE route table is at the bottom: one line per feature. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, serializers: { req: requestLogFields } },
    genReqId: () => newRequestId(),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    routerOptions: { querystringParser: parseQueryString, ignoreTrailingSlash: true },
    frameworkErrors: (error, request, reply) =>
      sendError(request, reply, 400, 3, `invalid argument: ${error.message}`),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const clock = deps.clock ?? systemClock;
  app.decorate('config', config);
  app.decorate('db', deps.database.db);
  app.decorate('dialect', deps.database.dialect);
  app.decorate('clock', clock);
  app.decorate('secrets', new SecretBox(config.secretKey));
  app.decorate('verifyBearer', deps.verifyBearer ?? verifyOAuthBearer);
  app.decorate('replayGuard', config.hmacReplayProtection ? new ReplayGuard(() => Math.floor(clock.now() / 1000)) : null);
  app.decorate('events', allSinks([deps.events ?? webhookEvents, mediaEventSink({ mediaBaseUrl: config.media.publicUrl })]));
  app.decorate('mediaStorage', createMediaStorage(config));
  app.decorate('oauthHooks', withWebhookCleanup(deps.oauthHooks ?? noOAuthHooks()));
  app.decorate('platformWebhookCredentials', deps.platformWebhookCredentials ?? platformWebhookCredentials(app.db, app.secrets));
  app.decorate('mailer', createMailer(config));
  app.decorateRequest('auth', null as never);

  const routesByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = routesByPath.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    routesByPath.set(route.url, methods);
  });
  const activity = { lastRequestAt: -Infinity };
  app.decorate('activity', activity);
  app.addHook('onRequest', async (request, reply) => {
    activity.lastRequestAt = performance.now();
    reply.header('x-request-id', request.id);
  });
  const limiter =
    config.apiRatePerSecond === 0
      ? null
      : config.redisUrl
        ? new RedisRateLimiter(config.redisUrl, config.redisKeyPrefix, config.apiRatePerSecond, config.apiRateBurst, app.log)
        : new MemoryRateLimiter(config.apiRatePerSecond, config.apiRateBurst);
  if (limiter) app.addHook('onClose', () => limiter.close());
  // Authentication first, so an unauthenticated caller learns nothing about its body.
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.auth === 'partner') {
      const auth = await authenticatePartner(request);
      request.auth = auth;
      const wait = limiter ? await limiter.take(`${auth.scheme}:${auth.shopId}:${auth.platformId}`, clock.now()) : 0;
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
  await app.register(emailPagesRoutes);
  await app.register(storefrontFeature);
  await app.register(consoleRoutes);
  await app.register(adminFeature);

  return app;
}

/** What a request log line says about the request: no headers (they carry signatures and tokens). */
function requestLogFields(request: { method: string; url: string; ip?: string; id?: string }) {
  return { method: request.method, url: redactQuery(request.url), remoteAddress: request.ip };
}

const SECRET_QUERY_KEYS = /([?&](?:client_secret|access_token|refresh_token|code|token|sign)=)[^&]*/gi;
export const redactQuery = (url: string): string => url.replace(SECRET_QUERY_KEYS, '$1[redacted]');
