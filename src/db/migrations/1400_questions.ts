import { sql, type Kysely } from 'kysely';
import { flagCheck, withAutoId } from '../dialect.ts';

/** Shoppers' questions on product pages and their answers (src/questions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('questions'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'published', 'hidden')`))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_shop_product_status').on('questions').columns(['shop_id', 'product_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('questions_shop_created').on('questions').columns(['shop_id', 'created_at']).execute();

  await withAutoId(db, db.schema.createTable('question_answers'))
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('by_store', 'integer', (c) => c.notNull().check(flagCheck('by_store')))
    .addColumn('verified_buyer', 'integer', (c) => c.notNull().check(flagCheck('verified_buyer')))
    .addColumn('is_published', 'integer', (c) => c.notNull().check(flagCheck('is_published')))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('question_answers_question').on('question_answers').columns(['shop_id', 'question_id']).execute();

  // One helpful vote per visitor per answer; `voter` is a keyed hash of address and user agent (as review_votes).
  await db.schema
    .createTable('answer_votes')
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shops.id').onDelete('cascade'))
    .addColumn('answer_id', 'bigint', (c) => c.notNull().references('question_answers.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('answer_votes_pk', ['answer_id', 'voter'])
    .execute();
}
