import { Type, type Static } from '@sinclair/typebox';
import { Flag, IdInput, IdString, PagedList, PageQuery } from '../http/schemas.ts';

/** Partner API shapes (Plaudit extension endpoints, docs/questions.md). */

const Status = (description: string) => Type.Union([Type.Literal('pending'), Type.Literal('published'), Type.Literal('hidden')], { description });

export const Answer = Type.Object(
  {
    id: IdString('answer id'),
    content: Type.String({ description: 'answer text' }),
    author: Type.String({ description: "display name (the shop name for the store's answers)" }),
    author_email: Type.String({ description: 'the verified buyer\'s address; "" for the store\'s answers' }),
    by_store: Type.Integer({ description: '1 when the store answered' }),
    verified_buyer: Type.Integer({ description: '1 when a verified buyer of the product answered (invited by email)' }),
    is_published: Type.Integer({ description: '1 shown to shoppers (with its question), 0 hidden' }),
    helpful_count: Type.Integer({ description: 'visitors who found the answer helpful' }),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: 'An answer to a question' },
);
export type Answer = Static<typeof Answer>;

export const Question = Type.Object(
  {
    id: IdString('question id'),
    product_id: Type.String({ description: 'store product id' }),
    content: Type.String({ description: 'question text' }),
    author: Type.String({ description: "the asker's display name" }),
    author_email: Type.String({ description: "the asker's address (never shown to shoppers)" }),
    status: Status('pending (held for the merchant), published or hidden'),
    answer_count: Type.Integer({ description: 'published answers' }),
    source: Type.String({ description: '"Store front" or "Import"' }),
    answers: Type.Array(Answer, { description: 'every answer, oldest first, published or not' }),
    created_at: Type.String({ description: 'RFC 3339 UTC' }),
    updated_at: Type.String({ description: 'RFC 3339 UTC' }),
  },
  { description: "A shopper's question about a product" },
);
export type Question = Static<typeof Question>;

export const QuestionList = PagedList(Question);

export const GetQuestionsQuery = Type.Object({
  ...PageQuery,
  product_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'only questions about this product' })),
  status: Type.Optional(Status('only this status: pending, published or hidden')),
  answered: Type.Optional(Flag('1: only questions with an answer; 0: only unanswered ones')),
  sort_by: Type.Optional(Type.Union([Type.Literal('created-descending'), Type.Literal('created-ascending')], { description: 'order (default created-descending)' })),
});
export type GetQuestionsQuery = Static<typeof GetQuestionsQuery>;

export const GetQuestionQuery = Type.Object({ id: IdInput('question id') });

export const AnswerQuestionBody = Type.Object({
  id: IdInput('question id'),
  content: Type.String({ minLength: 1, maxLength: 5000, description: 'answer text' }),
  author: Type.Optional(Type.String({ maxLength: 120, description: 'display name (default: the shop name)' })),
});
export type AnswerQuestionBody = Static<typeof AnswerQuestionBody>;

export const ModerateQuestionBody = Type.Object({
  id: IdInput('question id'),
  answer_id: Type.Optional(IdInput('an answer of this question: act on the answer instead of the question')),
});
export type ModerateQuestionBody = Static<typeof ModerateQuestionBody>;

export const InviteBuyersBody = Type.Object({
  id: IdInput('question id'),
  max: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'at most this many buyers (default 3)' })),
});
export type InviteBuyersBody = Static<typeof InviteBuyersBody>;

export const InviteBuyersResult = Type.Object({
  invited: Type.Integer({ description: 'invitations queued (buyers unsubscribed or already invited are skipped)' }),
});

/** Public (storefront) shapes: never emails or moderation fields. */

export const PublicAnswer = Type.Object(
  {
    id: Type.String({ description: 'answer id' }),
    content: Type.String({ description: 'answer text' }),
    author: Type.String({ description: 'display name' }),
    answered_at: Type.String({ description: 'YYYY-MM-DD HH:MM:SS (UTC)' }),
    by_store: Type.Integer({ description: '1 when the store answered' }),
    verified_buyer: Type.Integer({ description: '1 when a verified buyer answered' }),
    helpful_count: Type.Integer({ description: 'visitors who found the answer helpful' }),
  },
  { description: 'A published answer' },
);
export type PublicAnswer = Static<typeof PublicAnswer>;

export const PublicQuestion = Type.Object(
  {
    id: Type.String({ description: 'question id' }),
    content: Type.String({ description: 'question text' }),
    author: Type.String({ description: "the asker's display name" }),
    asked_at: Type.String({ description: 'YYYY-MM-DD HH:MM:SS (UTC)' }),
    answer_count: Type.Integer({ description: 'published answers' }),
    answers: Type.Array(PublicAnswer, { description: "published answers: the store's first, then by helpful votes" }),
  },
  { description: 'A published question, as shown to shoppers' },
);
export type PublicQuestion = Static<typeof PublicQuestion>;

export const PUBLIC_QUESTION_SORTS = ['helpful-descending', 'created-descending'] as const;
export type PublicQuestionSort = (typeof PUBLIC_QUESTION_SORTS)[number];

export const PublicQuestionsPage = Type.Object({
  list: Type.Array(PublicQuestion),
  page: Type.Object({
    cur_page: Type.Integer({ description: 'current page, 1-based' }),
    total_page: Type.Integer({ description: 'number of pages' }),
    count: Type.Integer({ description: 'matching questions' }),
  }),
});
export type PublicQuestionsPage = Static<typeof PublicQuestionsPage>;
