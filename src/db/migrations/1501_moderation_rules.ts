import { sql, type Kysely } from 'kysely';
import { flagCheck } from '../dialect.ts';

/**
 * Per-shop moderation rules for shoppers' reviews (a shop without a row uses the defaults), and
 * one row per review a rule held (`reasons`: JSON array of rule names). A held review that no
 * person rejected is published `release_after_days` after `held_at`; `released_at` records it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_rules')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('hold_links', 'integer', (c) => c.notNull().check(flagCheck('hold_links')))
    .addColumn('blocked_words', 'text', (c) => c.notNull())
    .addColumn('hold_repeat_reviewers', 'integer', (c) => c.notNull().check(flagCheck('hold_repeat_reviewers')))
    .addColumn('verified_only', 'integer', (c) => c.notNull().check(flagCheck('verified_only')))
    .addColumn('release_after_days', 'integer', (c) => c.notNull().check(sql`release_after_days between 0 and 365`))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('review_holds')
    .addColumn('review_id', 'bigint', (c) => c.primaryKey().references('reviews.id').onDelete('cascade'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('held_at', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'bigint')
    .execute();
  await db.schema.createIndex('review_holds_due').on('review_holds').columns(['released_at', 'held_at']).execute();
}
