import type { Kysely } from 'kysely';

/**
 * When the shopper first followed a link of a review-request email (a star, "write a review", a
 * reminder's link): the dashboard funnel's "clicked" step. Null = never clicked, or clicked before
 * this column existed (those clicks were counted as opens only).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('clicked_at', 'bigint').execute();
}
