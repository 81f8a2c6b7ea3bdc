import type { Kysely } from 'kysely';
import { withAutoId } from '../dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('email_unsubscribes'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('email_unsubscribes_unique', ['shop_id', 'email', 'email_type'])
    .execute();
  await withAutoId(db, db.schema.createTable('customer_exclusions'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_exclusions_email').on('customer_exclusions').columns(['shop_id', 'email']).execute();
  await db.schema.createIndex('customer_exclusions_customer').on('customer_exclusions').columns(['shop_id', 'customer_id']).execute();
}
