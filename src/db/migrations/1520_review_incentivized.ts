import type { Kysely } from 'kysely';
import { flagCheck } from '../dialect.ts';

/** Whether the reviewer was offered or given a reward for the review (disclosed wherever the review is shown). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reviews')
    .addColumn('is_incentivized', 'integer', (c) => c.notNull().defaultTo(0).check(flagCheck('is_incentivized')))
    .execute();
}
