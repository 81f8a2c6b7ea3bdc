import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** Emails to a review's author: the confirmation (with the link to edit or delete it) and the photo request. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('reviewer_emails'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('review_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('confirmation', 'photo_request')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'cancelled', 'failed')`))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('reviewer_emails_review_kind', ['shop_id', 'review_id', 'kind'])
    .execute();
  await db.schema.createIndex('reviewer_emails_due').on('reviewer_emails').columns(['state', 'run_at']).execute();
}
