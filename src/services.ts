import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from './app-config.ts';
import type { Db, DbHandle } from './db/database.ts';
import type { DialectName } from './db/dialect.ts';
import { allSinks, type EventSink } from './events/events.ts';
import type { BearerVerifier, HmacKeyResolver } from './http/auth.ts';
import { createReplayGuard, type ReplayGuard } from './http/replay-guard.ts';
import { requestLogFields } from './http/logging.ts';
import { createRateLimiter, type RateLimiter, type RateRule } from './http/rate-limit.ts';
import { SharedRedis } from './lib/redis.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { SecretBox } from './lib/crypto.ts';
import { reviewRequestEvents } from './emails/emails.events.ts';
import { createMailer, type Mailer } from './emails/mailer.ts';
import { mediaEventSink } from './media/media.events.ts';
import { reviewerEmailEvents } from './reviewers/reviewers.events.ts';
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
  /** The process's one Redis client (REDIS_URL, connected on first use), null without it. */
  redis: SharedRedis | null;
  /** The one rate limiter (partner API, storefront, sign-in); Redis down → requests let through with a warning. */
  rateLimiter: RateLimiter;
  /** Partner API budget per credential; null when API_RATE_PER_SECOND=0. */
  apiRateRule: RateRule | null;
  /** Refuses replayed HMAC signatures (HMAC_REPLAY_PROTECTION); null when off. */
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
  /** Where log lines go (default stdout); tests capture them here. */
  logStream?: { write(line: string): void };
}

export function createServices(config: Config, database: DbHandle, overrides: ServiceOverrides = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const secrets = new SecretBox(config.secretKey);
  const log = pino({ level: config.logLevel, serializers: { req: requestLogFields } }, overrides.logStream ?? process.stdout);
  const mailer = createMailer(config);
  const redis = config.redisUrl ? new SharedRedis(config.redisUrl, config.redisKeyPrefix, log) : null;
  const replayGuard = createReplayGuard(config.hmacReplayProtection, database.db, redis);
  // Released in reverse order: the replay guard's last batch is written before Redis closes.
  const releases: (() => unknown)[] = [() => mailer.close(), () => redis?.close(), () => replayGuard?.flush()];
  let closed: Promise<void> | undefined;
  return {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock,
    secrets,
    log,
    events: allSinks([overrides.events ?? webhookEvents, mediaEventSink({ mediaBaseUrl: config.media.publicUrl }), reviewRequestEvents, reviewerEmailEvents]),
    mailer,
    mediaStorage: createMediaStorage(config),
    oauthHooks: withWebhookCleanup(overrides.oauthHooks ?? noOAuthHooks()),
    verifyBearer: overrides.verifyBearer ?? verifyOAuthBearer,
    resolveHmacKey: shopHmacKeys(database.db, secrets),
    platformWebhookCredentials: overrides.platformWebhookCredentials ?? platformWebhookCredentials(database.db, secrets),
    redis,
    rateLimiter: createRateLimiter(redis),
    apiRateRule: config.apiRatePerSecond === 0 ? null : { ratePerSecond: config.apiRatePerSecond, burst: config.apiRateBurst },
    replayGuard,
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
