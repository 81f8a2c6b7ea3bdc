import { formatRfc3339, formatWireTime } from '../lib/time.ts';
import type { Answer, PublicAnswer, PublicQuestion, Question } from './questions.schemas.ts';
import type { AnswerRow, QuestionRow } from './questions.table.ts';

export function toAnswer(row: AnswerRow): Answer {
  return {
    id: String(row.id),
    content: row.content,
    author: row.author,
    author_email: row.author_email,
    by_store: row.by_store,
    verified_buyer: row.verified_buyer,
    is_published: row.is_published,
    helpful_count: Number(row.helpful_count),
    created_at: formatRfc3339(Number(row.created_at)),
  };
}

export function toQuestion(row: QuestionRow, answers: AnswerRow[]): Question {
  return {
    id: String(row.id),
    product_id: row.product_id,
    content: row.content,
    author: row.author,
    author_email: row.author_email,
    status: row.status,
    answer_count: Number(row.answer_count),
    source: row.source,
    answers: answers.filter((a) => Number(a.question_id) === Number(row.id)).map(toAnswer),
    created_at: formatRfc3339(Number(row.created_at)),
    updated_at: formatRfc3339(Number(row.updated_at)),
  };
}

/** Only whitelisted fields: no addresses, no moderation state. */
export const toPublicAnswer = (row: AnswerRow): PublicAnswer => ({
  id: String(row.id),
  content: row.content,
  author: row.author,
  answered_at: formatWireTime(Number(row.created_at)),
  by_store: row.by_store,
  verified_buyer: row.verified_buyer,
  helpful_count: Number(row.helpful_count),
});

export function toPublicQuestion(row: QuestionRow, publishedAnswers: AnswerRow[]): PublicQuestion {
  const answers = publishedAnswers.filter((a) => Number(a.question_id) === Number(row.id)).map(toPublicAnswer);
  return { id: String(row.id), content: row.content, author: row.author, asked_at: formatWireTime(Number(row.created_at)), answer_count: answers.length, answers };
}
