import { type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** The per-shop, hash-chained record of every moderation and settings action, and per-shop console settings. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('moderation_ledger'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('merchant_id', 'bigint')
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text', (c) => c.notNull())
    .addColumn('after_json', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('moderation_ledger_shop_seq', ['shop_id', 'seq'])
    .execute();
  await db.schema.createIndex('moderation_ledger_subject').on('moderation_ledger').columns(['shop_id', 'subject', 'seq']).execute();
  await db.schema
    .createTable('admin_shop_settings')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('transparency_page', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alert_max_rating', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
