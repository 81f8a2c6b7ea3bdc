import type { Kysely } from 'kysely';

/** A bulk job's failed batches: how many in a row, and the last error (a job fails for good after a few). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('review_jobs')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('review_jobs').addColumn('error', 'text').execute();
}
