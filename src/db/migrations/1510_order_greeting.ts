import type { Kysely } from 'kysely';

/**
 * How review-request emails address the shopper: the language the order intake reported (BCP 47,
 * e.g. fr-CA) and the first name on its own; '' when not reported.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('orders')
    .addColumn('customer_first_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
