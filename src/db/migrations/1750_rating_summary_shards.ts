import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

const COUNT_COLUMNS = ['star1', 'star2', 'star3', 'star4', 'star5', 'rating_sum', 'review_total'] as const;

/**
 * rating_summaries gets a `shard` in its key, and the view rating_totals sums a subject's shards.
 * Every review write adds to its shop-wide rows (`*all`, `*products` or the store), whose row
 * locks last until commit: on PostgreSQL one shop's concurrent review transactions queued on them
 * one commit at a time. A writer now adds to the shard of its own connection
 * (ratings.queries.ts), so concurrent writers rarely meet; readers read rating_totals. SQLite
 * has one writer at a time and keeps shard 0. Existing rows become shard 0.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table rating_summaries add column shard integer not null default 0`.execute(db);
    await sql`alter table rating_summaries drop constraint rating_summaries_pk`.execute(db);
    await sql`alter table rating_summaries add constraint rating_summaries_pk primary key (shop_id, subject, shard)`.execute(db);
  } else {
    // SQLite cannot change a primary key in place: the table is copied into its new shape.
    let table = db.schema
      .createTable('rating_summaries_sharded')
      .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0));
    for (const column of COUNT_COLUMNS) table = table.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
    await table
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rating_summaries_pk', ['shop_id', 'subject', 'shard'])
      .execute();
    const columns = sql.raw(['shop_id', 'subject', ...COUNT_COLUMNS, 'updated_at'].join(', '));
    await sql`insert into rating_summaries_sharded (${columns}) select ${columns} from rating_summaries`.execute(db);
    await sql`drop table rating_summaries`.execute(db);
    await sql`alter table rating_summaries_sharded rename to rating_summaries`.execute(db);
  }
  // Sums of bigint are numeric on PostgreSQL: cast back so they read as numbers, as the columns do.
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `cast(sum(${c}) as bigint) as ${c}`).join(', '));
  await sql`create view rating_totals as
    select shop_id, subject, ${sums}, max(updated_at) as updated_at from rating_summaries group by shop_id, subject`.execute(db);
}
