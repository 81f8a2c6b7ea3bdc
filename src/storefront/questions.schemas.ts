import { Type, type Static } from '@sinclair/typebox';
import { IdInput } from '../http/schemas.ts';
import { PUBLIC_QUESTION_SORTS } from '../questions/questions.schemas.ts';
import { ShopSelectorSchema } from './storefront.schemas.ts';

/** Storefront requests of the Q&A tab (the answers' shapes are in src/questions/questions.schemas.ts). */

const Product = {
  product_id: Type.Optional(Type.String({ maxLength: 40, description: 'store product id' })),
  product_handle: Type.Optional(Type.String({ maxLength: 255, description: 'product handle, used when product_id is absent' })),
};

export const ProductQuestionsQuery = Type.Object({
  ...ShopSelectorSchema,
  ...Product,
  q: Type.Optional(Type.String({ maxLength: 100, description: 'only questions whose text, or one of whose answers, contains this (case-insensitive)' })),
  sort_by: Type.Optional(
    Type.Union(
      PUBLIC_QUESTION_SORTS.map((s) => Type.Literal(s)),
      { description: 'order: helpful-descending (default: most helpful answers first) or created-descending (newest)' },
    ),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'page, 1-based (default 1)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'page size 1-50 (default 5)' })),
});
export type ProductQuestionsQuery = Static<typeof ProductQuestionsQuery>;

export const AskQuestionBody = Type.Object({
  ...ShopSelectorSchema,
  ...Product,
  question: Type.String({ minLength: 1, maxLength: 1000, description: 'the question' }),
  author: Type.String({ minLength: 1, maxLength: 120, description: 'display name' }),
  author_email: Type.String({ maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', description: 'email address for the answer (never shown)' }),
  website: Type.Optional(Type.String({ maxLength: 500, description: 'honeypot: left empty by people; a question that fills it is dropped' })),
});
export type AskQuestionBody = Static<typeof AskQuestionBody>;

export const AskQuestionResult = Type.Object({
  status: Type.Literal('pending', { description: 'held: shown once the store publishes it (or answers it, when the shop auto-publishes answered questions)' }),
});

export const AnswerHelpfulBody = Type.Object({ ...ShopSelectorSchema, answer_id: IdInput('answer id') });
export type AnswerHelpfulBody = Static<typeof AnswerHelpfulBody>;
