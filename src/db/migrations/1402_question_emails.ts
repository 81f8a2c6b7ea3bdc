import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/**
 * Q&A emails as a queue (the worker claims due rows with a lease): the answer to its asker,
 * and invitations to verified buyers. One row per (answer, recipient kind) or (question, buyer).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('question_emails'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('answer', 'invitation')`))
    // The answer for kind answer; 0 for invitations.
    .addColumn('answer_id', 'bigint', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'sent', 'suppressed', 'failed')`))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('question_emails_once').on('question_emails').columns(['question_id', 'kind', 'answer_id', 'recipient']).unique().execute();
  await db.schema.createIndex('question_emails_due').on('question_emails').columns(['state', 'run_at']).execute();
}
