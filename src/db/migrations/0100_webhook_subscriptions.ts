import { sql, type Kysely } from 'kysely';
import { flagCheck, withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('webhook_subscriptions'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('platform_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('enabled', 'disabled')`))
    .addColumn('disabled_reason', 'text')
    .addColumn('accept_plain_2xx', 'integer', (c) => c.notNull().defaultTo(0).check(flagCheck('accept_plain_2xx')))
    .addColumn('failing_since', 'bigint')
    .addColumn('dropped_in_a_row', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One (owner, topic, url) at most; also the lookup an event does to find its subscribers.
  await db.schema.createIndex('webhook_subscriptions_owner_topic_url').on('webhook_subscriptions').columns(['shop_id', 'topic', 'platform_id', 'url']).unique().execute();
}
