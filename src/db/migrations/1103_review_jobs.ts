import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/** Bulk moderation jobs of the console: the selected review ids, worked off in bounded batches by the worker. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('review_jobs'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('merchant_id', 'bigint')
    .addColumn('actor_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('argument', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('review_jobs_due').on('review_jobs').columns(['status', 'lease_until']).execute();
  await db.schema
    .createTable('review_job_items')
    .addColumn('job_id', 'bigint', (c) => c.notNull().references('review_jobs.id').onDelete('cascade'))
    .addColumn('review_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_job_items_pk', ['job_id', 'review_id'])
    .execute();
}
