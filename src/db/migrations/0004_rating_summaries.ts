import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('rating_summaries')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull());
  for (const column of ['star1', 'star2', 'star3', 'star4', 'star5', 'rating_sum']) {
    table = table.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await table
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rating_summaries_pk', ['shop_id', 'subject'])
    .execute();
}
