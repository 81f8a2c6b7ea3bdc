import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../db/database.ts';
import { formatRfc3339, parseWireTime } from '../lib/time.ts';

/**
 * Questions in the shop export (`plaudit reviews export`, JSON lines): after the review lines, one
 * line per question with its answers, marked `"type":"question"`. Re-importing the file recreates
 * them; a question whose source key the shop already has is skipped.
 */

const Time = Type.String({ maxLength: 40, description: 'RFC 3339 UTC' });
const AnswerLine = Type.Object({
  content: Type.String({ minLength: 1, maxLength: 5000 }),
  author: Type.String({ maxLength: 120 }),
  author_email: Type.String({ maxLength: 254 }),
  by_store: Type.Union([Type.Literal(0), Type.Literal(1)]),
  verified_buyer: Type.Union([Type.Literal(0), Type.Literal(1)]),
  is_published: Type.Union([Type.Literal(0), Type.Literal(1)]),
  helpful_count: Type.Integer({ minimum: 0 }),
  created_at: Time,
});
const QuestionLine = Type.Object({
  type: Type.Literal('question'),
  source_key: Type.String({ minLength: 1, maxLength: 300 }),
  product_id: Type.String({ pattern: '^[0-9]{1,20}$' }),
  content: Type.String({ minLength: 1, maxLength: 1000 }),
  author: Type.String({ minLength: 1, maxLength: 120 }),
  author_email: Type.String({ maxLength: 254 }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('published'), Type.Literal('hidden')]),
  source: Type.String({ maxLength: 100 }),
  created_at: Time,
  updated_at: Time,
  answers: Type.Array(AnswerLine, { maxItems: 500 }),
});
type QuestionLine = Static<typeof QuestionLine>;

export const isQuestionLine = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'question';

const PAGE = 500;

/** Streams every question of the shop with its answers, oldest first; returns how many. */
export async function exportQuestions(db: Db, shopId: number, domain: string, write: (text: string) => Promise<void> | void): Promise<number> {
  let count = 0;
  for (let afterId = 0; ;) {
    const rows = await db.selectFrom('questions').selectAll().where('shop_id', '=', shopId).where('id', '>', afterId).orderBy('id').limit(PAGE).execute();
    const answers = rows.length
      ? await db
          .selectFrom('question_answers')
          .selectAll()
          .where('shop_id', '=', shopId)
          .where(
            'question_id',
            'in',
            rows.map((r) => Number(r.id)),
          )
          .orderBy('id')
          .execute()
      : [];
    let chunk = '';
    for (const row of rows) {
      const line: QuestionLine = {
        type: 'question',
        source_key: row.source_key ?? `plaudit:${domain}:q${row.id}`,
        product_id: row.product_id,
        content: row.content,
        author: row.author,
        author_email: row.author_email,
        status: row.status,
        source: row.source,
        created_at: formatRfc3339(Number(row.created_at)),
        updated_at: formatRfc3339(Number(row.updated_at)),
        answers: answers
          .filter((a) => Number(a.question_id) === Number(row.id))
          .map((a) => ({
            content: a.content,
            author: a.author,
            author_email: a.author_email,
            by_store: a.by_store as 0 | 1,
            verified_buyer: a.verified_buyer as 0 | 1,
            is_published: a.is_published as 0 | 1,
            helpful_count: Number(a.helpful_count),
            created_at: formatRfc3339(Number(a.created_at)),
          })),
      };
      chunk += JSON.stringify(line) + '\n';
      count++;
    }
    if (chunk) await write(chunk);
    if (rows.length < PAGE) return count;
    afterId = Number(rows[rows.length - 1]!.id);
  }
}

export interface QuestionImportReport {
  created: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
}

function checked(value: unknown): { line?: QuestionLine; reason?: string } {
  if (!Value.Check(QuestionLine, value)) {
    const error = [...Value.Errors(QuestionLine, value)][0];
    return { reason: `question ${error?.path.replace(/^\//, '').replace(/\//g, '.') || 'line'}: ${error?.message ?? 'not valid'}` };
  }
  const times = [value.created_at, value.updated_at, ...value.answers.map((a) => a.created_at)];
  if (times.some((t) => parseWireTime(t) === null)) return { reason: 'question created_at/updated_at must be times' };
  return { line: value };
}

/** Imports the question lines of a Plaudit export (each question with its answers in one transaction). */
export async function importQuestions(db: Db, shopId: number, lines: AsyncIterable<{ line: number; value?: unknown }>, options: { dryRun: boolean }): Promise<QuestionImportReport> {
  const report: QuestionImportReport = { created: 0, skipped: 0, rejected: [] };
  for await (const { line, value } of lines) {
    if (!isQuestionLine(value)) continue;
    const { line: q, reason } = checked(value);
    if (!q) {
      report.rejected.push({ line, reason: reason! });
      continue;
    }
    const known = await db.selectFrom('questions').select('id').where('shop_id', '=', shopId).where('source_key', '=', q.source_key).executeTakeFirst();
    if (known) {
      report.skipped++;
      continue;
    }
    report.created++;
    if (options.dryRun) continue;
    await db.transaction().execute(async (trx) => {
      const answers = q.answers.filter((a) => a.is_published === 1);
      const row = await trx
        .insertInto('questions')
        .values({
          shop_id: shopId,
          product_id: q.product_id,
          content: q.content,
          author: q.author,
          author_email: q.author_email.trim().toLowerCase(),
          status: q.status,
          answer_count: answers.length,
          helpful_count: answers.reduce((sum, a) => sum + a.helpful_count, 0),
          source: q.source,
          source_key: q.source_key,
          created_at: parseWireTime(q.created_at)!,
          updated_at: parseWireTime(q.updated_at)!,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (q.answers.length === 0) return;
      await trx
        .insertInto('question_answers')
        .values(
          q.answers.map((a) => ({
            shop_id: shopId,
            question_id: Number(row.id),
            content: a.content,
            author: a.author,
            author_email: a.author_email,
            by_store: a.by_store,
            verified_buyer: a.verified_buyer,
            is_published: a.is_published,
            helpful_count: a.helpful_count,
            created_at: parseWireTime(a.created_at)!,
            updated_at: parseWireTime(a.created_at)!,
          })),
        )
        .execute();
    });
  }
  return report;
}
