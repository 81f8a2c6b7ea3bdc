import type { Kysely } from 'kysely';

/** Where a bulk job has got to: its items are worked in review id order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('review_jobs')
    .addColumn('cursor_review_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
