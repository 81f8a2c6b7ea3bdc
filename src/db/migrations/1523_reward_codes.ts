import type { Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** Uploaded single-use discount codes; `grant_id` is set when a code is given to a reviewer (never twice). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('reward_codes'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint')
    .addUniqueConstraint('reward_codes_shop_code', ['shop_id', 'code'])
    .execute();
  await db.schema.createIndex('reward_codes_free').on('reward_codes').columns(['shop_id', 'grant_id', 'id']).execute();
}
