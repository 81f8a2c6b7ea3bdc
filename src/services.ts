import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from './app-config.ts';
import type { Db, DbHandle } from './db/database.ts';
import type { DialectName } from './db/dialect.ts';
import { allSinks, type EventSink } from './events/events.ts';
import { ReplayGuard, type BearerVerifier, type HmacKeyResolver } from './http/auth.ts';
import { requestLogFields } from './http/logging.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './http/rate-limit.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { SecretBox } from './lib/crypto.ts';
import { reviewRequestEvents } from './emails/emails.events.ts';
import { createMailer, type Mailer } from './emails/mailer.ts';
import { mediaEventSink } from './media/media.events.ts';
import { createMediaStorage, type MediaStorage } from './media/media.storage.ts';
import { verifyOAuthBearer } from './oauth/bearer.ts';
import { noOAuthHooks, type OAuthHooks } from './oauth/oauth.hooks.ts';
import { platformWebhookCredentials, withWebhookCleanup } from './oauth/oauth.webhooks.ts';
import { shopHmacKeys } from './shops/shops.auth.ts';
import { webhookEvents } from './webhooks/webhooks.events.ts';
import type { PlatformWebhookResolver } from './webhooks/webhooks.platforms.ts';

/**
 * Everything the server, the worker and the CLI run on, built once by `createServices`
 * (the composition root). The HTTP app decorates itself with these (app.db, app.events, …);
 * worker tasks and CLI commands receive them (or the slice they need), never the Fastify app.
 */
export interface Services {
  config: Config;
  database: DbHandle;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  secrets: SecretBox;
  log: FastifyBaseLogger;
  /** Domain events, inside the transaction of their change: webhooks, media and emails subscribe here. */
  events: EventSink;
  mailer: Mailer;
  mediaStorage: MediaStorage;
  /** Listeners for platform authorization and disconnection (webhooks registers here). */
  oauthHooks: OAuthHooks;
  /** Partner API authentication: bearer tokens (OAuth) and the HMAC key of a Public-Token (shops). */
  verifyBearer: BearerVerifier;
  resolveHmacKey: HmacKeyResolver;
  /** Signing credentials and current scopes of a platform, for its webhook deliveries (OAuth). */
  platformWebhookCredentials: PlatformWebhookResolver;
  // Shared web state (Redis client, rate limiters, replay guard) lives here too.
  /** Partner API budget per credential; null when API_RATE_PER_SECOND=0. */
  apiRateLimiter: RateLimiter | null;
  replayGuard: ReplayGuard | null;
  /** When the last API request arrived (performance.now()); the in-process worker rests while requests flow. */
  activity: { lastRequestAt: number };
  /** Registers a resource to release in `close()` (e.g. a worker task's HTTP client). */
  onClose(release: () => unknown): void;
  /** Releases every resource (mailer, rate limiter, …) but not the database, which the caller opened. */
  close(): Promise<void>;
}

/** What tests (and embedders) may replace. */
export interface ServiceOverrides {
  clock?: Clock;
  /** Defaults to the OAuth access-token lookup (src/oauth/bearer.ts). */
  verifyBearer?: BearerVerifier;
  /** Replaces the webhooks sink (media still subscribes). */
  events?: EventSink;
  oauthHooks?: OAuthHooks;
  platformWebhookCredentials?: PlatformWebhookResolver;
}

export function createServices(config: Config, database: DbHandle, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const secrets = new SecretBox(config.secretKey);
  const log = pino({ level: config.logLevel, serializers: { req: requestLogFields } });
  const mailer = createMailer(config);
  const apiRateLimiter =
    config.apiRatePerSecond === 0
      ? null
      : onFirstUse(() =>
          config.redisUrl
            ? new RedisRateLimiter(config.redisUrl, config.redisKeyPrefix, config.apiRatePerSecond, config.apiRateBurst, log)
            : new MemoryRateLimiter(config.apiRatePerSecond, config.apiRateBurst),
        );
  const releases: (() => unknown)[] = [() => mailer.close(), () => apiRateLimiter?.close()];
  let closed: Promise<void> | undefined;
  return {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock,
    secrets,
    log,
    events: allSinks([overrides.events ?? webhookEvents, mediaEventSink({ mediaBaseUrl: config.media.publicUrl }), reviewRequestEvents]),
    mailer,
    mediaStorage: createMediaStorage(config),
    oauthHooks: withWebhookCleanup(overrides.oauthHooks ?? noOAuthHooks()),
    verifyBearer: overrides.verifyBearer ?? verifyOAuthBearer,
    resolveHmacKey: shopHmacKeys(database.db, secrets),
    platformWebhookCredentials: overrides.platformWebhookCredentials ?? platformWebhookCredentials(database.db, secrets),
    apiRateLimiter,
    replayGuard: config.hmacReplayProtection ? new ReplayGuard(() => Math.floor(clock.now() / 1000)) : null,
    activity: { lastRequestAt: -Infinity },
    onClose: (release) => void releases.push(release),
    close() {
      closed ??= (async () => {
        for (const release of releases.reverse()) await release();
      })();
      return closed;
    },
  };
}

/** Made on the first request, so the CLI and a worker process never connect to Redis for it. */
function onFirstUse(make: () => RateLimiter): RateLimiter {
  let limiter: RateLimiter | undefined;
  return {
    take: (key, nowMs) => (limiter ??= make()).take(key, nowMs),
    close: async () => limiter?.close(),
  };
}
