import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { escapeLike, likeOperator, type DialectName } from '../db/dialect.ts';
import type { LineItem } from '../orders/orders.table.ts';
import type { PublicQuestionSort } from './questions.schemas.ts';
import type { AnswerRow, NewAnswerRow, NewQuestionRow, QuestionEmailRow, QuestionEmailsTable, QuestionRow, QuestionStatus } from './questions.table.ts';

export const insertQuestion = (db: Db, row: NewQuestionRow): Promise<QuestionRow> => db.insertInto('questions').values(row).returningAll().executeTakeFirstOrThrow();

export const findQuestion = (db: Db, shopId: number, id: number): Promise<QuestionRow | undefined> =>
  db.selectFrom('questions').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();

/** Every answer of these questions, oldest first. */
export const answersOf = (db: Db, shopId: number, questionIds: number[]): Promise<AnswerRow[]> =>
  questionIds.length === 0 ? Promise.resolve([]) : db.selectFrom('question_answers').selectAll().where('shop_id', '=', shopId).where('question_id', 'in', questionIds).orderBy('id').execute();

export interface QuestionFilter {
  productId?: string;
  status?: QuestionStatus;
  answered?: 0 | 1;
}

export async function listQuestionRows(db: Db, shopId: number, filter: QuestionFilter, page: { offset: number; limit: number; ascending: boolean }) {
  let query = db.selectFrom('questions').where('shop_id', '=', shopId);
  if (filter.productId !== undefined) query = query.where('product_id', '=', filter.productId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.answered !== undefined) {
    const hasAnswer = (eb: ExpressionBuilder<Database, 'questions'>) =>
      eb.exists(eb.selectFrom('question_answers').select('question_answers.id').whereRef('question_answers.question_id', '=', 'questions.id'));
    query = query.where((eb) => (filter.answered === 1 ? hasAnswer(eb) : eb.not(hasAnswer(eb))));
  }
  const direction = page.ascending ? 'asc' : 'desc';
  const [rows, counted] = await Promise.all([
    query.selectAll().orderBy('created_at', direction).orderBy('id', direction).limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(counted.count) };
}

export const updateQuestionStatus = (db: Db, shopId: number, id: number, status: QuestionStatus, now: number) =>
  db.updateTable('questions').set({ status, updated_at: now }).where('shop_id', '=', shopId).where('id', '=', id).execute();

export const insertAnswer = (db: Db, row: NewAnswerRow): Promise<AnswerRow> => db.insertInto('question_answers').values(row).returningAll().executeTakeFirstOrThrow();

export const updateAnswerPublished = (db: Db, shopId: number, answerId: number, isPublished: 0 | 1, now: number) =>
  db.updateTable('question_answers').set({ is_published: isPublished, updated_at: now }).where('shop_id', '=', shopId).where('id', '=', answerId).execute();

/** Recounts a question's published answers and their helpful votes (the list orders and markup read these). */
export const refreshQuestionCounts = (db: Db, shopId: number, questionId: number, now: number) =>
  db
    .updateTable('questions')
    .set((eb) => ({
      answer_count: eb
        .selectFrom('question_answers')
        .select((a) => a.fn.countAll<number>().as('n'))
        .where('question_answers.question_id', '=', questionId)
        .where('question_answers.is_published', '=', 1),
      helpful_count: eb
        .selectFrom('question_answers')
        .select((a) => a.fn.coalesce(a.fn.sum<number>('question_answers.helpful_count'), sql<number>`0`).as('n'))
        .where('question_answers.question_id', '=', questionId)
        .where('question_answers.is_published', '=', 1),
      updated_at: now,
    }))
    .where('shop_id', '=', shopId)
    .where('id', '=', questionId)
    .execute();

export const findSettings = (db: Db, shopId: number) => db.selectFrom('question_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();

export const upsertSettings = (db: Db, shopId: number, autoPublishAnswered: 0 | 1, now: number) =>
  db
    .insertInto('question_settings')
    .values({ shop_id: shopId, auto_publish_answered: autoPublishAnswered, updated_at: now })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ auto_publish_answered: autoPublishAnswered, updated_at: now }))
    .execute();

/**
 * Counts one more question for (shop, email) in the current window and returns the count, in one
 * statement: concurrent askers queue on the row. A window older than `windowMs` starts again at 1.
 */
export async function countAskByEmail(db: Db, shopId: number, emailHash: string, now: number, windowMs: number): Promise<number> {
  const expired = sql<boolean>`question_email_limits.window_start <= ${now - windowMs}`;
  const row = await db
    .insertInto('question_email_limits')
    .values({ shop_id: shopId, email_hash: emailHash, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.columns(['shop_id', 'email_hash']).doUpdateSet({
        count: sql`case when ${expired} then 1 else question_email_limits.count + 1 end`,
        window_start: sql`case when ${expired} then ${now} else question_email_limits.window_start end`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A page of a product's published questions, optionally only those whose text or published answers contain `search`. */
export async function listPublishedQuestions(
  db: Db,
  dialect: DialectName,
  shopId: number,
  filter: { productId: string; search?: string },
  sort: PublicQuestionSort,
  page: { offset: number; limit: number },
) {
  let query = db.selectFrom('questions').where('questions.shop_id', '=', shopId).where('questions.product_id', '=', filter.productId).where('questions.status', '=', 'published');
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    const like = likeOperator(dialect);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`${sql.ref('questions.content')} ${sql.raw(like)} ${pattern} escape '\\'`,
        eb.exists(
          eb
            .selectFrom('question_answers')
            .select('question_answers.id')
            .whereRef('question_answers.question_id', '=', 'questions.id')
            .where('question_answers.is_published', '=', 1)
            .where(sql<boolean>`${sql.ref('question_answers.content')} ${sql.raw(like)} ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  let ordered = query.selectAll('questions');
  if (sort === 'helpful-descending') ordered = ordered.orderBy('questions.helpful_count', 'desc').orderBy('questions.answer_count', 'desc');
  const [rows, counted] = await Promise.all([
    ordered.orderBy('questions.created_at', 'desc').orderBy('questions.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(counted.count) };
}

/** Published answers of these questions: the store's first, then the most helpful, then the oldest. */
export const publishedAnswersOf = (db: Db, shopId: number, questionIds: number[]): Promise<AnswerRow[]> =>
  questionIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('question_answers')
        .selectAll()
        .where('shop_id', '=', shopId)
        .where('question_id', 'in', questionIds)
        .where('is_published', '=', 1)
        .orderBy('by_store', 'desc')
        .orderBy('helpful_count', 'desc')
        .orderBy('id')
        .execute();

/** An answer shoppers can see: published, of a published question. */
export const findVisibleAnswer = (db: Db, shopId: number, answerId: number) =>
  db
    .selectFrom('question_answers')
    .innerJoin('questions', 'questions.id', 'question_answers.question_id')
    .select(['question_answers.id', 'question_answers.question_id'])
    .where('question_answers.shop_id', '=', shopId)
    .where('question_answers.id', '=', answerId)
    .where('question_answers.is_published', '=', 1)
    .where('questions.status', '=', 'published')
    .executeTakeFirst();

/** Inserts the vote unless this voter already voted, and counts it on the answer; true when it was counted. */
export async function insertAnswerVote(db: Db, row: { shop_id: number; answer_id: number; voter: string; created_at: number }): Promise<boolean> {
  const result = await db
    .insertInto('answer_votes')
    .values(row)
    .onConflict((oc) => oc.columns(['answer_id', 'voter']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  await db
    .updateTable('question_answers')
    .set((eb) => ({ helpful_count: eb('helpful_count', '+', 1) }))
    .where('shop_id', '=', row.shop_id)
    .where('id', '=', row.answer_id)
    .execute();
  return true;
}

export const answerHelpfulCount = async (db: Db, shopId: number, answerId: number): Promise<number> =>
  Number((await db.selectFrom('question_answers').select('helpful_count').where('shop_id', '=', shopId).where('id', '=', answerId).executeTakeFirst())?.helpful_count ?? 0);

/** Recent buyers of a product (fulfilled, not cancelled orders with an address), newest first, one per address. */
export async function recentBuyers(db: Db, shopId: number, productId: string, limit: number): Promise<{ email: string; name: string; customerId: string }[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['customer_email', 'customer_name', 'customer_id', 'line_items'])
    .where('shop_id', '=', shopId)
    .where('customer_email', '!=', '')
    .where('fulfilled_at', 'is not', null)
    .where('cancelled_at', 'is', null)
    .where('line_items', 'like', `%${escapeLike(`"${productId}"`)}%`)
    .orderBy('fulfilled_at', 'desc')
    .limit(500)
    .execute();
  const buyers = new Map<string, { email: string; name: string; customerId: string }>();
  for (const row of rows) {
    const bought = (JSON.parse(row.line_items) as LineItem[]).some((item) => String(item.product_id) === productId);
    if (bought && !buyers.has(row.customer_email)) buyers.set(row.customer_email, { email: row.customer_email, name: row.customer_name, customerId: row.customer_id });
    if (buyers.size >= limit) break;
  }
  return [...buyers.values()];
}

/** True when this address bought the product (a fulfilled, not cancelled order). */
export const isBuyerOf = async (db: Db, shopId: number, productId: string, email: string): Promise<boolean> => (await recentBuyersByEmail(db, shopId, productId, email)).length > 0;

const recentBuyersByEmail = async (db: Db, shopId: number, productId: string, email: string) =>
  (
    await db
      .selectFrom('orders')
      .select('line_items')
      .where('shop_id', '=', shopId)
      .where('customer_email', '=', email)
      .where('fulfilled_at', 'is not', null)
      .where('cancelled_at', 'is', null)
      .execute()
  ).filter((row) => (JSON.parse(row.line_items) as LineItem[]).some((item) => String(item.product_id) === productId));

/** Queues emails; a (question, kind, answer, recipient) already queued is left alone. Returns how many were new. */
export async function insertQuestionEmails(db: Db, rows: Insertable<QuestionEmailsTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('question_emails')
    .values(rows)
    .onConflict((oc) => oc.columns(['question_id', 'kind', 'answer_id', 'recipient']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Claims due emails with a lease (SKIP LOCKED on PostgreSQL), as the review-request sender does. */
export async function claimDueQuestionEmails(db: Db, dialect: DialectName, now: number, limit: number, leaseMs: number): Promise<QuestionEmailRow[]> {
  const due = db
    .selectFrom('question_emails')
    .select('id')
    .where('state', '=', 'pending')
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('run_at')
    .limit(limit);
  return db
    .updateTable('question_emails')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
}

export const finishQuestionEmail = (db: Db, id: number, state: 'sent' | 'suppressed' | 'failed' | 'pending', now: number, extra: { runAt?: number; error?: string } = {}) =>
  db
    .updateTable('question_emails')
    .set({ state, lease_until: null, updated_at: now, ...(extra.runAt !== undefined ? { run_at: extra.runAt } : {}), ...(extra.error ? { last_error: extra.error } : {}) })
    .where('id', '=', id)
    .execute();
