import type { Kysely } from 'kysely';

/** HMAC signatures seen within the timestamp window (replay guard, src/http/replay-guard.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hmac_signatures')
    .addColumn('signature_key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hmac_signatures_expires').on('hmac_signatures').column('expires_at').execute();
}
