import type { Kysely } from 'kysely';

/** The earlier ratings of a review its author edited: a JSON array of `{ rating, until }` (epoch ms), oldest first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reviews')
    .addColumn('rating_history', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
