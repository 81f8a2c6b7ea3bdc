import type { Kysely } from 'kysely';

/** The console's "what changed since" poll reads a shop's reviews by updated_at. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('reviews_shop_updated_id').on('reviews').columns(['shop_id', 'updated_at', 'id']).execute();
}
