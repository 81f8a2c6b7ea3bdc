import type { Kysely } from 'kysely';

/** Where an imported question came from (`plaudit:<domain>:q<id>`), so importing the same export again adds nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('questions').addColumn('source_key', 'text').execute();
  await db.schema.createIndex('questions_shop_source_key').on('questions').columns(['shop_id', 'source_key']).unique().execute();
}
