import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/*
 * The whole configuration, from environment variables only: one TypeBox schema in which each
 * key's default, unit and description are written once. `loadConfig` fills the defaults
 * (Value.Default), converts the strings to numbers and booleans (Value.Convert) and checks the
 * result (Value.Errors). `.env.example` and the README's configuration table are generated from
 * it (`npm run config:docs`; src/config.docs.test.ts holds them equal).
 *
 * This file holds the core keys; each feature with keys of its own exports them and a parser
 * (media.config.ts, webhooks.config.ts), and src/app-config.ts, above the features, combines
 * them into the whole `Config`, so this file never imports a feature.
 *
 * Options beyond JSON Schema: `title` is the README's short text, `description` the
 * .env.example text; `unit`; `defaultText` documents a default that depends on other keys
 * (the key then has no `default`); `secret` keeps the value out of error messages.
 */
const ServerEnv = {
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, title: 'listen port', description: 'TCP port of the HTTP server.' }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', title: 'listen address', description: 'Listen address (0.0.0.0 = every interface).' }),
  DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    title: 'SQLite database, generated server key, local files',
    description: 'Folder for the embedded SQLite database, the generated server key and local files.',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
      secret: true,
      title: '`sqlite:<path>` or `postgres://user:pass@host:5432/db`',
      description: 'Database: sqlite:<path>, or postgres://user:pass@host:5432/db.',
      defaultText: 'SQLite at `$DATA_DIR/plaudit.db`',
    }),
  ),
  DB_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 999,
    default: 10,
    unit: 'connections',
    title: 'PostgreSQL connections per process',
    description: 'PostgreSQL connection pool size per process; serving API reads adds one more connection, which checks for commits for the read caches (docs/architecture.md).',
  }),
  SQLITE_SYNCHRONOUS: Type.Union([Type.Literal('FULL'), Type.Literal('NORMAL')], {
    default: 'FULL',
    title: '`NORMAL` trades the last commits on power loss for write speed',
    description: 'SQLite durability: FULL (an fsync per commit) or NORMAL (faster; a power cut may lose the last commits, never corrupts).',
  }),
  LOG_LEVEL: Type.Union(
    (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const).map((level) => Type.Literal(level)),
    { default: 'info', title: 'pino level; JSON lines with the request id', description: 'fatal | error | warn | info | debug | trace | silent' },
  ),
  PLAUDIT_SECRET_KEY: Type.Optional(
    Type.String({
      minLength: 32,
      secret: true,
      title: 'encrypts shop private tokens at rest',
      description: 'Server key (at least 32 characters) that encrypts shop private tokens at rest. Back it up with the database: without it the tokens are unreadable.',
      defaultText: 'generated into `$DATA_DIR/secret.key`',
    }),
  ),
  ROLE: Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker')], {
    default: 'all',
    title: '`api`, `worker` or both',
    description: 'all (API and background worker in one process) | api | worker',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      title: 'external base URL',
      description: 'External base URL of this server, used in links and the OpenAPI document.',
      defaultText: '`http://localhost:$PORT`',
    }),
  ),
  TRUST_PROXY: Type.Boolean({ default: false, title: 'trust `X-Forwarded-*`', description: '1 = trust X-Forwarded-* headers from a reverse proxy.' }),
  HMAC_REPLAY_PROTECTION: Type.Union(
    (['writes', 'all', 'off', '0', '1'] as const).map((mode) => Type.Literal(mode)),
    {
      default: 'writes',
      title: 'refuse a repeated `(Public-Token, Sign)` within 15 minutes: `writes` (a POST whose signature was already seen on any request), `all`, or `off`',
      description:
        'writes = refuse a POST whose (Public-Token, Sign) was already seen on any request in the last 15 minutes (reads stay repeatable); all = refuse any repeat; off. The old 0/1 mean off/all.',
    },
  ),
  HTTP_STATUS_MIRRORS_CODE: Type.Boolean({
    default: false,
    title: 'non-200 statuses for errors',
    description: '1 = HTTP status mirrors the error class (400/401/403/404/409/429/500). 0: HTTP 200 with the envelope, as Trustoo clients expect.',
  }),
  API_RATE_PER_SECOND: Type.Integer({
    minimum: 0,
    maximum: 999_999,
    default: 10,
    unit: 'requests/s',
    title: 'sustained rate per credential on the partner API (code 8 + `Retry-After` beyond it); `0` = no limit',
    description:
      "Partner API rate limit per credential (a shop's HMAC integration, or one platform's token for a shop): sustained requests per second (0 = no limit). Over it: code 8 and a Retry-After header.",
  }),
  API_RATE_BURST: Type.Integer({ minimum: 1, maximum: 9_999_999, default: 40, unit: 'requests', title: 'burst per credential on the partner API', description: 'Burst size of that limit.' }),
  REDIS_URL: Type.Optional(
    Type.String({
      pattern: '^rediss?://.+$',
      secret: true,
      title:
        'one Redis client per process, shared by rate limits (partner API, storefront, sign-in) and the replay guard (if Redis fails, rate limits let requests through with a warning and the replay guard uses the database)',
      description:
        'Redis for state shared by several API processes (rate limits, replay guard), redis://host:6379/0. Unset: rate limits in memory per process, replay guard in the database. Redis down: rate limits let requests through (a warning is logged), the replay guard uses the database.',
    }),
  ),
  REDIS_KEY_PREFIX: Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,64}$', default: 'plaudit:', title: 'prefix of every Redis key', description: 'Prefix of every Redis key Plaudit writes.' }),
  STOREFRONT_CACHE_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 9_999,
    default: 5,
    unit: 'seconds',
    title: 'storefront reads served from the in-process cache (`0` = off)',
    description:
      "Storefront (public widget API): how long a public read is served from the in-process cache (0 = off). Reviews written through the storefront clear the shop's cached reads at once; partner writes show within this delay.",
  }),
  STOREFRONT_SUBMIT_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 999_999,
    default: 10,
    unit: 'requests/minute',
    title: 'storefront submissions and votes per visitor IP',
    description: 'Storefront review submissions and helpful votes allowed per visitor IP per minute.',
  }),
  FEED_MAX_FILE_BYTES: Type.Integer({
    minimum: 1000,
    maximum: 9_999_999_999,
    default: 100_000_000,
    unit: 'bytes',
    title: 'largest Google review feed file; a larger feed is split into numbered files',
    description: "Largest Google Product Ratings feed file (Google's limit is 100 MB); a larger feed is split into numbered files listed by an index URL.",
  }),
};

const EmailEnv = {
  SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://[^\\s]+$',
      secret: true,
      title: 'SMTP server of review-request emails; unset = `.eml` files in `$DATA_DIR/outbox`',
      description: 'Review-request emails: SMTP server URL (smtp://user:pass@host:587, smtps://host:465). Unset: every email is written as an .eml file under $DATA_DIR/outbox instead of being sent.',
    }),
  ),
  EMAIL_FROM: Type.String({
    pattern: '^[^\\s@<>]+@[^\\s@<>]+$',
    default: 'reviews@localhost',
    title: 'From address of review-request emails',
    description: "From address of review-request emails (the display name is the shop's sender name setting).",
  }),
};

/** The schema's keys in sections, in the order .env.example and the README list them. */
export type CoreConfig = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  logLevel: string;
  secretKey: string;
  role: 'all' | 'api' | 'worker';
  publicUrl: string;
  trustProxy: boolean;
  /** Which repeated HMAC signatures are refused (src/http/replay-guard.ts). */
  hmacReplayProtection: 'writes' | 'all' | 'off';
  httpStatusMirrorsCode: boolean;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  dbPoolSize: number;
  /** Requests/s per credential on the partner API; 0 disables the limit. */
  apiRatePerSecond: number;
  apiRateBurst: number;
  /** Shared state for several API processes (rate limits); null = in memory. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  /** null = write emails as .eml files under DATA_DIR/outbox. */
  smtpUrl: string | null;
  emailFrom: string;
  storefrontCacheSeconds: number;
  storefrontSubmitPerMinute: number;
  /** Largest Google review feed file in bytes; a larger feed is split into numbered files (Google's limit: 100 MB). */
  feedMaxFileBytes: number;
}>;

/** The old 0/1 values still work: 0 = off, 1 = all. */
function replayMode(value: 'writes' | 'all' | 'off' | '0' | '1'): CoreConfig['hmacReplayProtection'] {
  if (value === '0') return 'off';
  if (value === '1') return 'all';
  return value;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The core keys in sections, in the order .env.example and the README list them (app-config.ts adds the features'). */
export const CORE_SECTIONS = { server: ServerEnv, email: EmailEnv } as const;

/** The core keys as one schema. */
export const CoreEnvSchema = Type.Object({ ...ServerEnv, ...EmailEnv });
type CoreEnv = Static<typeof CoreEnvSchema>;

/**
 * Reads the environment's core keys together with the feature sections' keys (`sections`, from
 * src/app-config.ts): fills defaults, converts, and reports every bad key at once. Returns the
 * core configuration and the converted values, from which each section is built.
 */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env, sections: TProperties = {}): { core: CoreConfig; values: Record<string, unknown> } {
  const schema = Type.Object({ ...CoreEnvSchema.properties, ...sections });
  const properties = schema.properties as Record<string, { type?: unknown; secret?: boolean; anyOf?: { const?: unknown }[] }>;
  const raw: Record<string, string> = {};
  for (const key of Object.keys(properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, { ...raw })) as Record<string, unknown>;
  // Value.Convert reads "1e3" or "10.5" as integers (parseInt); only decimal digits are.
  for (const [key, value] of Object.entries(raw)) {
    if (properties[key]?.type === 'integer' && !/^-?[0-9]+$/.test(value)) converted[key] = value;
  }
  if (!Value.Check(schema, converted)) {
    const problems = [...Value.Errors(schema, converted)].map((error) => {
      const key = error.path.replace(/^\//, '');
      const choices = literalsOf(properties[key]);
      return `${key}: ${choices ? `must be one of ${choices.join(', ')}` : error.message} (got ${shown(properties[key]?.secret === true, raw[key])})`;
    });
    throw new ConfigError(problems);
  }
  return { core: coreConfigFrom(converted as CoreEnv), values: converted };
}

/** The values a key allows when it is a choice between literals. */
export function literalsOf(schema: { anyOf?: { const?: unknown }[] } | undefined): string[] | undefined {
  return schema?.anyOf?.every((option) => typeof option.const === 'string') ? schema.anyOf.map((option) => String(option.const)) : undefined;
}

/** The offending value as an error message may show it: secrets only by their length. */
function shown(secret: boolean, value: string | undefined): string {
  return value === undefined || !secret ? JSON.stringify(value) : `${value.length} characters, not shown`;
}

function coreConfigFrom(e: CoreEnv): CoreConfig {
  const dataDir = resolve(e.DATA_DIR);
  const dbUrl = e.DATABASE_URL;
  const database: CoreConfig['database'] =
    dbUrl === undefined
      ? { kind: 'sqlite', path: join(dataDir, 'plaudit.db') }
      : dbUrl.startsWith('sqlite:')
        ? { kind: 'sqlite', path: dbUrl.slice('sqlite:'.length) }
        : { kind: 'postgres', url: dbUrl };
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    logLevel: e.LOG_LEVEL,
    secretKey: e.PLAUDIT_SECRET_KEY ?? '',
    role: e.ROLE,
    publicUrl,
    trustProxy: e.TRUST_PROXY,
    hmacReplayProtection: replayMode(e.HMAC_REPLAY_PROTECTION),
    httpStatusMirrorsCode: e.HTTP_STATUS_MIRRORS_CODE,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    dbPoolSize: e.DB_POOL_SIZE,
    apiRatePerSecond: e.API_RATE_PER_SECOND,
    apiRateBurst: e.API_RATE_BURST,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    smtpUrl: e.SMTP_URL ?? null,
    emailFrom: e.EMAIL_FROM,
    storefrontCacheSeconds: e.STOREFRONT_CACHE_SECONDS,
    storefrontSubmitPerMinute: e.STOREFRONT_SUBMIT_PER_MINUTE,
    feedMaxFileBytes: e.FEED_MAX_FILE_BYTES,
  });
}

/**
 * When PLAUDIT_SECRET_KEY is unset, a key is generated once into the data folder
 * (mode 0600) and reused on every later start. Losing it makes stored private tokens
 * unreadable, so back it up with the database.
 */
export function withSecretKey<C extends CoreConfig>(config: C): C {
  if (config.secretKey) return config;
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return Object.freeze({ ...config, secretKey: readFileSync(file, 'utf8').trim() });
}
