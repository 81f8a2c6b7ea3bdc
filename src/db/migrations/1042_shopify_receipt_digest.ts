import type { Kysely } from 'kysely';

/**
 * Shopify deliveries are also de-duplicated on the SHA-256 of the signed body: the webhook id
 * and topic headers are not signed, so a captured body resent under a new id is the same event.
 * Rows from before have no digest (null never conflicts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shopify_webhook_receipts').addColumn('body_digest', 'text').execute();
  await db.schema.createIndex('shopify_webhook_receipts_digest').unique().on('shopify_webhook_receipts').columns(['shop_id', 'body_digest']).execute();
}
