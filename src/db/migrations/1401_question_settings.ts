import type { Kysely } from 'kysely';
import { flagCheck } from '../dialect.ts';

/** Per-shop Q&A settings and the per-email ask limit (a counter row updated in each question's transaction). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('question_settings')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('auto_publish_answered', 'integer', (c) => c.notNull().check(flagCheck('auto_publish_answered')))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('question_email_limits')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_email_limits_pk', ['shop_id', 'email_hash'])
    .execute();
}
