import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

/**
 * Photo and video URLs of imported reviews, downloaded in the background by the worker
 * (switching.media.ts): pending rows are due at run_at; done rows name the stored object;
 * failed rows keep the reason for the import's media report.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('review_media_downloads'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('review_id', 'bigint', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('object_key', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_media_downloads_due').on('review_media_downloads').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('review_media_downloads_shop').on('review_media_downloads').columns(['shop_id', 'status']).execute();
}
