import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import { WalCheckpointer } from './sqlite-checkpointer.ts';
import { GroupCommitSqliteDialect } from './sqlite-group-commit.ts';
import { PostgresCommitVersion } from './postgres-commit-version.ts';
import { preparingClientClass } from './postgres-prepared.ts';
import { lazyRequire } from '../lib/lazy.ts';
import type pg from 'pg';
import type { CoreConfig } from '../config.ts';
import type { ShopsTable } from '../shops/shops.table.ts';
import type { HmacSignaturesTable } from '../http/replay.table.ts';
import type { ProductsTable } from '../products/products.table.ts';
import type { ReviewsTable } from '../reviews/reviews.table.ts';
import type { RatingSummariesTable, RatingTotalsView } from '../ratings/ratings.table.ts';
import type { MediaDeletionsTable, MediaUploadsTable } from '../media/media.table.ts';
import type { OAuthCodesTable, OAuthGrantsTable, OAuthTokensTable, PlatformsTable } from '../oauth/oauth.table.ts';
import type { MerchantSessionsTable, MerchantsTable } from '../merchants/merchants.table.ts';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../webhooks/webhooks.table.ts';
import type { ReviewVotesTable, StorefrontEmailLimitsTable, StorefrontSettingsTable } from '../storefront/storefront.table.ts';
import type { WidgetAppearanceTable } from '../storefront/appearance.table.ts';
import type { DialectName } from './dialect.ts';
import type { OrdersTable, ShopifyConnectionsTable, ShopifyWebhookReceiptsTable } from '../orders/orders.table.ts';
import type { EmailJobsTable, EmailSettingsTable } from '../emails/emails.table.ts';
import type { EmailReviewClaimsTable } from '../emails/email-review-claims.table.ts';
import type { EmailTextsTable } from '../emails/email-texts.table.ts';
import type { ServerKeyChecksTable } from '../shops/server-key.table.ts';
import type { ShopFeedsTable } from '../feeds/feeds.table.ts';
import type {
  AdminTotpTable,
  AdminTokensTable,
  AdminSessionsTable,
  AdminSetupTokensTable,
  AdminShopSettingsTable,
  ModerationLedgerTable,
  ReviewJobItemsTable,
  ReviewJobsTable,
  ShopMembershipsTable,
} from '../admin/admin.table.ts';
import type { CustomerEventsTable, CustomerExclusionsTable, EmailUnsubscribesTable } from '../customers/customers.table.ts';
import type { ModerationRulesTable, ReviewHoldsTable } from '../moderation/moderation.table.ts';
import type { RewardCodesTable, RewardGrantsTable, RewardSettingsTable } from '../rewards/rewards.table.ts';
import type { ReviewerEmailsTable } from '../reviewers/reviewers.table.ts';
import type { ReviewImportKeysTable, ReviewMediaDownloadsTable } from '../switching/switching.table.ts';
import type { AnswerVotesTable, QuestionAnswersTable, QuestionEmailLimitsTable, QuestionEmailsTable, QuestionSettingsTable, QuestionsTable } from '../questions/questions.table.ts';

/** Every table, composed from the feature folders' table files. */
export interface Database {
  shops: ShopsTable;
  products: ProductsTable;
  reviews: ReviewsTable;
  rating_summaries: RatingSummariesTable;
  rating_totals: RatingTotalsView;
  media_uploads: MediaUploadsTable;
  media_deletions: MediaDeletionsTable;
  platforms: PlatformsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
  merchants: MerchantsTable;
  merchant_sessions: MerchantSessionsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  orders: OrdersTable;
  shopify_connections: ShopifyConnectionsTable;
  shopify_webhook_receipts: ShopifyWebhookReceiptsTable;
  email_settings: EmailSettingsTable;
  email_jobs: EmailJobsTable;
  moderation_rules: ModerationRulesTable;
  review_holds: ReviewHoldsTable;
  customer_events: CustomerEventsTable;
  email_unsubscribes: EmailUnsubscribesTable;
  customer_exclusions: CustomerExclusionsTable;
  storefront_settings: StorefrontSettingsTable;
  widget_appearance: WidgetAppearanceTable;
  review_votes: ReviewVotesTable;
  hmac_signatures: HmacSignaturesTable;
  email_review_claims: EmailReviewClaimsTable;
  email_texts: EmailTextsTable;
  storefront_email_limits: StorefrontEmailLimitsTable;
  server_key_checks: ServerKeyChecksTable;
  shop_feeds: ShopFeedsTable;
  review_import_keys: ReviewImportKeysTable;
  review_media_downloads: ReviewMediaDownloadsTable;
  shop_memberships: ShopMembershipsTable;
  admin_sessions: AdminSessionsTable;
  admin_setup_tokens: AdminSetupTokensTable;
  review_jobs: ReviewJobsTable;
  review_job_items: ReviewJobItemsTable;
  moderation_ledger: ModerationLedgerTable;
  admin_shop_settings: AdminShopSettingsTable;
  admin_tokens: AdminTokensTable;
  admin_totp: AdminTotpTable;
  questions: QuestionsTable;
  question_answers: QuestionAnswersTable;
  answer_votes: AnswerVotesTable;
  question_settings: QuestionSettingsTable;
  question_email_limits: QuestionEmailLimitsTable;
  question_emails: QuestionEmailsTable;
  reward_settings: RewardSettingsTable;
  reward_codes: RewardCodesTable;
  reward_grants: RewardGrantsTable;
  reviewer_emails: ReviewerEmailsTable;
}

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

const postgres = lazyRequire<typeof pg>('pg');

/** How long opening a PostgreSQL connection may take before the request fails with code 13. */
export const PG_CONNECT_TIMEOUT_MS = 5000;

/** PostgreSQL `application_name` of API sessions (ROLE=all or api) and of a worker process's sessions. */
export const API_APPLICATION_NAME = 'plaudit-api';
export const WORKER_APPLICATION_NAME = 'plaudit-worker';

export interface OpenDbOptions {
  /** PostgreSQL only: the schema to use (tests use one schema each). */
  searchPath?: string;
  /** PostgreSQL only: the sessions' application_name instead of the role's (api-activity.ts). */
  applicationName?: string;
}

export function openDatabase(config: Pick<CoreConfig, 'database' | 'sqliteSynchronous' | 'dbPoolSize'> & Partial<Pick<CoreConfig, 'role'>>, options: OpenDbOptions = {}): DbHandle {
  if (config.database.kind === 'postgres') {
    const pg = postgres();
    // int8 (bigint) comes back from pg as a string by default; every bigint we store
    // (ids, epoch milliseconds) fits in a double.
    pg.types.setTypeParser(20, (value) => Number(value));
    const connection: pg.ClientConfig = {
      connectionString: config.database.url,
      // Lets a worker process see whether API processes are busy (src/worker/api-activity.ts).
      application_name: options.applicationName ?? (config.role === 'worker' ? WORKER_APPLICATION_NAME : API_APPLICATION_NAME),
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
      // A server that accepts connections but never answers must not hold requests forever.
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      keepAlive: true,
    };
    const pool = new pg.Pool({ ...connection, max: config.dbPoolSize, Client: preparingClientClass(pg) });
    // A connection the server drops (restart, failover, network) emits 'error' on its client:
    // unhandled, it would end the process. The query running on it fails (code 13 to its caller)
    // and the pool discards the broken client, so the next request opens a fresh connection.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    // Its own connection, with the pool's settings, opened at the first cached read.
    // A check the server does not answer fails (its callers read) rather than holding requests.
    const commitVersion = new PostgresCommitVersion(() => new pg.Client({ ...connection, query_timeout: PG_CONNECT_TIMEOUT_MS }));
    postgresVersions.set(db, commitVersion);
    return { db, dialect: 'postgres', close: () => Promise.all([db.destroy(), commitVersion.close()]).then(() => {}) };
  }
  const path = config.database.path;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const open = () => {
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${config.sqliteSynchronous}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return withStatementCache(sqlite);
  };
  if (path === ':memory:') {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: open() }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const writer = open();
  const reader = open();
  reader.pragma('query_only = ON');
  const dialect = new GroupCommitSqliteDialect(writer, reader, new WalCheckpointer(path, writer, config.sqliteSynchronous));
  const db = new Kysely<Database>({ dialect });
  sqliteReaders.set(db, { read: (query) => dialect.readNow(query), dataVersion: () => dialect.dataVersion() });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

type DirectReader = <R>(query: CompiledQuery) => R[] | undefined;
const sqliteReaders = new WeakMap<Db, { read: DirectReader; dataVersion: () => number }>();

/**
 * Runs a read-only query synchronously on SQLite's reader connection, without Kysely's
 * executor (whose promise machinery costs more than a small indexed read). Only for the
 * database handle itself, never a transaction (which must read through its own connection);
 * undefined when the handle has no reader or the statement is not read-only.
 */
export const directReaderOf = (db: Db): DirectReader | undefined => sqliteReaders.get(db)?.read;

/**
 * SQLite's `PRAGMA data_version` as seen by the reader connection: it changes after every
 * commit by any connection of any process. Undefined for PostgreSQL, an in-memory database
 * and transactions.
 */
export const dataVersionOf = (db: Db): (() => number) | undefined => sqliteReaders.get(db)?.dataVersion;

const postgresVersions = new WeakMap<Db, PostgresCommitVersion>();

/**
 * PostgreSQL's version of the committed data (src/db/postgres-commit-version.ts): `next()`
 * answers from a check sent after it was called, so it reflects every commit acknowledged before
 * (or undefined while its connection is being opened). Undefined for SQLite and transactions.
 */
export const commitVersionOf = (db: Db): PostgresCommitVersion | undefined => postgresVersions.get(db);

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small indexed query.
 * Statements are reused per SQL text (bounded; the least recently used is dropped). Reuse is
 * safe because Kysely runs one query at a time on the single connection.
 */
export function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
