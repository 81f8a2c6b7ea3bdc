import { sql, type Kysely } from 'kysely';

/**
 * A shop's widget appearance (a shop without a row has today's look): colours (#rgb or #rrggbb;
 * accent null = the theme's), theme, density, `blocks` (JSON object: block name → shown) and
 * `texts` (JSON object: language → text key → the shop's plain-text wording).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('widget_appearance')
    .addColumn('shop_id', 'bigint', (c) => c.primaryKey().references('shops.id').onDelete('cascade'))
    .addColumn('star_color', 'text', (c) => c.notNull())
    .addColumn('accent_color', 'text')
    .addColumn('theme', 'text', (c) => c.notNull().check(sql`theme in ('auto', 'light', 'dark')`))
    .addColumn('density', 'text', (c) => c.notNull().check(sql`density in ('comfortable', 'compact')`))
    .addColumn('blocks', 'text', (c) => c.notNull())
    .addColumn('texts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
