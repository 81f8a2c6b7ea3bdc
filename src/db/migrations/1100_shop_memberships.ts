import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** Merchant accounts become members of shops with a role; every existing account owns its shop. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('shop_memberships'))
    .addColumn('merchant_id', 'bigint', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'moderator', 'viewer')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('shop_memberships_merchant_shop', ['merchant_id', 'shop_id'])
    .execute();
  await db.schema.createIndex('shop_memberships_shop').on('shop_memberships').columns(['shop_id', 'merchant_id']).execute();
  await sql`insert into shop_memberships (merchant_id, shop_id, role, created_at, updated_at)
            select id, shop_id, 'owner', created_at, updated_at from merchants`.execute(db);
}
