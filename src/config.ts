import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MediaEnv, mediaConfigFrom, type MediaConfig } from './media/media.config.ts';
import { WebhookEnv, webhookConfigFrom, type WebhookConfig } from './webhooks/webhooks.config.ts';

/**
 * The whole configuration, from environment variables only. Every key is documented
 * in `.env.example`. Values arrive as strings; the schema checks their form and
 * `loadConfig` converts them.
 */
const EnvSchema = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'TCP port, default 8080' })),
  HOST: Type.Optional(Type.String({ minLength: 1, description: 'listen address, default 0.0.0.0' })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1, description: 'data folder, default ./data' })),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^(sqlite:.+|postgres(ql)?://.+)$', description: 'sqlite:<path> or postgres://…' }),
  ),
  LOG_LEVEL: Type.Optional(
    Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  ),
  PLAUDIT_SECRET_KEY: Type.Optional(Type.String({ minLength: 32, description: 'server key, at least 32 chars' })),
  ROLE: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker')])),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'external base URL' })),
  TRUST_PROXY: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  HMAC_REPLAY_PROTECTION: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  HTTP_STATUS_MIRRORS_CODE: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  SQLITE_SYNCHRONOUS: Type.Optional(Type.Union([Type.Literal('FULL'), Type.Literal('NORMAL')])),
  DB_POOL_SIZE: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'PostgreSQL pool size' })),
  API_RATE_PER_SECOND: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'sustained requests/s per credential, 0 = no limit' })),
  API_RATE_BURST: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,6}$', description: 'burst size per credential' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://.+$', description: 'redis://host:6379/0' })),
  REDIS_KEY_PREFIX: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,64}$', description: 'prefix of every Redis key' })),
  ...MediaEnv,
  ...WebhookEnv,
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://[^\\s]+$', description: 'smtp://user:pass@host:587 or smtps://…' })),
  EMAIL_FROM: Type.Optional(Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+$', description: 'From address of review-request emails' })),
  STOREFRONT_CACHE_SECONDS: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'storefront read cache, seconds' })),
  STOREFRONT_SUBMIT_PER_MINUTE: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'storefront writes per IP per minute' })),
  FEED_MAX_FILE_BYTES: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{3,9}$', description: 'largest Google review feed file, bytes' })),
});
type Env = Static<typeof EnvSchema>;

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  logLevel: string;
  secretKey: string;
  role: 'all' | 'api' | 'worker';
  publicUrl: string;
  trustProxy: boolean;
  hmacReplayProtection: boolean;
  httpStatusMirrorsCode: boolean;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  dbPoolSize: number;
  /** Requests/s per credential on the partner API; 0 disables the limit. */
  apiRatePerSecond: number;
  apiRateBurst: number;
  /** Shared state for several API processes (rate limits); null = in memory. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  media: MediaConfig;
  webhooks: WebhookConfig;
  /** null = write emails as .eml files under DATA_DIR/outbox. */
  smtpUrl: string | null;
  emailFrom: string;
  storefrontCacheSeconds: number;
  storefrontSubmitPerMinute: number;
  /** Largest Google review feed file in bytes; a larger feed is split into numbered files (Google's limit: 100 MB). */
  feedMaxFileBytes: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the environment, reporting every bad key at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const problems = [...Value.Errors(EnvSchema, raw)].map((e) => {
    const key = e.path.replace(/^\//, '');
    return `${key}: ${e.message} (got ${JSON.stringify(raw[key])})`;
  });
  const port = raw.PORT === undefined ? 8080 : Number(raw.PORT);
  if (port > 65535) problems.push(`PORT: must be 0-65535 (got "${raw.PORT}")`);
  if (problems.length > 0) throw new ConfigError(problems);

  const e = raw as Env;
  const dataDir = resolve(e.DATA_DIR ?? './data');
  const dbUrl = e.DATABASE_URL;
  const database: Config['database'] =
    dbUrl === undefined
      ? { kind: 'sqlite', path: join(dataDir, 'plaudit.db') }
      : dbUrl.startsWith('sqlite:')
        ? { kind: 'sqlite', path: dbUrl.slice('sqlite:'.length) }
        : { kind: 'postgres', url: dbUrl };
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return Object.freeze({
    port,
    host: e.HOST ?? '0.0.0.0',
    dataDir,
    database,
    logLevel: e.LOG_LEVEL ?? 'info',
    secretKey: e.PLAUDIT_SECRET_KEY ?? '',
    role: e.ROLE ?? 'all',
    publicUrl,
    trustProxy: e.TRUST_PROXY === '1',
    hmacReplayProtection: e.HMAC_REPLAY_PROTECTION === '1',
    httpStatusMirrorsCode: e.HTTP_STATUS_MIRRORS_CODE === '1',
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS ?? 'FULL',
    dbPoolSize: e.DB_POOL_SIZE === undefined ? 10 : Number(e.DB_POOL_SIZE),
    apiRatePerSecond: e.API_RATE_PER_SECOND === undefined ? 10 : Number(e.API_RATE_PER_SECOND),
    apiRateBurst: e.API_RATE_BURST === undefined ? 40 : Number(e.API_RATE_BURST),
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX ?? 'plaudit:',
    media: mediaConfigFrom(e, publicUrl),
    webhooks: webhookConfigFrom(e),
    smtpUrl: e.SMTP_URL ?? null,
    emailFrom: e.EMAIL_FROM ?? 'reviews@localhost',
    storefrontCacheSeconds: e.STOREFRONT_CACHE_SECONDS === undefined ? 5 : Number(e.STOREFRONT_CACHE_SECONDS),
    storefrontSubmitPerMinute: e.STOREFRONT_SUBMIT_PER_MINUTE === undefined ? 10 : Number(e.STOREFRONT_SUBMIT_PER_MINUTE),
    feedMaxFileBytes: e.FEED_MAX_FILE_BYTES === undefined ? 100_000_000 : Number(e.FEED_MAX_FILE_BYTES),
  });
}

/**
 * When PLAUDIT_SECRET_KEY is unset, a key is generated once into the data folder
 * (mode 0600) and reused on every later start. Losing it makes stored private tokens
 * unreadable, so back it up with the database.
 */
export function withSecretKey(config: Config): Config {
  if (config.secretKey) return config;
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return Object.freeze({ ...config, secretKey: readFileSync(file, 'utf8').trim() });
}
