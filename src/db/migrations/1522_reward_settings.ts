import { sql, type Kysely } from 'kysely';
import { flagCheck } from '../dialect.ts';

/** A shop's reward offer for reviews: one row per shop (no row = no reward). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reward_settings')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().check(flagCheck('enabled')))
    .addColumn('requires_media', 'integer', (c) => c.notNull().check(flagCheck('requires_media')))
    .addColumn('code_source', 'text', (c) => c.notNull().check(sql`code_source in ('static', 'pool')`))
    .addColumn('static_code', 'text', (c) => c.notNull())
    .addColumn('offer_text', 'text', (c) => c.notNull())
    .addColumn('low_pool_threshold', 'integer', (c) => c.notNull())
    .addColumn('low_pool_warned', 'integer', (c) => c.notNull().check(flagCheck('low_pool_warned')))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
