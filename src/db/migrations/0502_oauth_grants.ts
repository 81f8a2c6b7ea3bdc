import { sql, type Kysely } from 'kysely';
import { flagCheck, withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('oauth_grants'))
    .addColumn('platform_id', 'bigint', (c) => c.notNull().references('platforms.id').onDelete('cascade'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('authorized_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoke_reason', 'text')
    .execute();
  // At most one active grant per (platform, shop).
  await db.schema.createIndex('oauth_grants_active').on('oauth_grants').columns(['platform_id', 'shop_id']).unique().where(sql.ref('revoked_at'), 'is', null).execute();
  await db.schema.createIndex('oauth_grants_shop').on('oauth_grants').columns(['shop_id', 'platform_id']).execute();

  await withAutoId(db, db.schema.createTable('oauth_codes'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('grant_id', 'bigint', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('platform_id', 'bigint', (c) => c.notNull())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // A bearer call reads one row of this table: everything it needs is kept on the row
  // (shop domain, effective scopes, revocation, the platform being disabled).
  await withAutoId(db, db.schema.createTable('oauth_tokens'))
    .addColumn('grant_id', 'bigint', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('platform_id', 'bigint', (c) => c.notNull())
    .addColumn('shop_id', 'bigint', (c) => c.notNull())
    .addColumn('code_id', 'bigint', (c) => c.notNull())
    .addColumn('shop_domain', 'text', (c) => c.notNull())
    .addColumn('platform_disabled', 'integer', (c) => c.notNull().defaultTo(0).check(flagCheck('platform_disabled')))
    .addColumn('access_hash', 'text', (c) => c.notNull().unique())
    .addColumn('refresh_hash', 'text', (c) => c.unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('refresh_expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('rotated_at', 'bigint')
    .addColumn('successor_sealed', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_tokens_grant').on('oauth_tokens').columns(['grant_id']).execute();
  await db.schema.createIndex('oauth_tokens_platform').on('oauth_tokens').columns(['platform_id']).execute();
  await db.schema.createIndex('oauth_tokens_code').on('oauth_tokens').columns(['code_id']).execute();
}
