import type { Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shopify_connections')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('app_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Shopify retries a delivery with the same X-Shopify-Webhook-Id; each is processed once.
  await withAutoId(db, db.schema.createTable('shopify_webhook_receipts'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('shopify_webhook_receipts_unique', ['shop_id', 'webhook_id'])
    .execute();
}
