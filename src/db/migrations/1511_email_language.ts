import type { Kysely } from 'kysely';

/** The shop's default language for review-request emails and their pages (used when the order carries none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('email_settings')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}
