import type { Kysely } from 'kysely';

/**
 * A shop's own wording of an email, per email type and language: plain text with placeholders,
 * '' = the built-in text for that part. Rendered escaped, never as HTML.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_texts')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('email_type', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('button', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_texts_pk', ['shop_id', 'email_type', 'locale'])
    .execute();
}
