import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/**
 * One reward per rewarded review, and the queue of reward emails: 'waiting_media' until the review
 * has a photo or video (when the shop rewards only those), 'pending' until the worker gives it a code
 * and mails it (a pool that is empty keeps it pending: the promise is kept once codes are added).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('reward_grants'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('review_id', 'bigint', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('waiting_media', 'pending', 'sent', 'failed')`))
    .addColumn('code', 'text')
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('reward_grants_review', ['shop_id', 'review_id'])
    .execute();
  await db.schema.createIndex('reward_grants_due').on('reward_grants').columns(['state', 'run_at']).execute();
}
