import { sql, type Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('media_uploads'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('object_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('image', 'video')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('uploading', 'pending', 'stored')`))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('upload_token_hash', 'text', (c) => c.unique())
    .addColumn('expires_at', 'bigint')
    .addColumn('referenced_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The cleanup task looks for old unreferenced uploads.
  await db.schema.createIndex('media_uploads_unreferenced').on('media_uploads').columns(['referenced_at', 'created_at']).execute();
}
