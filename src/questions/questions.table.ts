import type { Generated, Insertable, Selectable } from 'kysely';

export type QuestionStatus = 'pending' | 'published' | 'hidden';

export interface QuestionsTable {
  id: Generated<number>;
  shop_id: number;
  /** Store product id. */
  product_id: string;
  content: string;
  author: string;
  /** Lower-cased; never shown to shoppers. */
  author_email: string;
  /** pending: held for the merchant (the default); published: shown; hidden: taken down. */
  status: QuestionStatus;
  /** Published answers (kept with every answer change, for lists and markup). */
  answer_count: Generated<number>;
  /** Helpful votes on its published answers (the "most helpful" order). */
  helpful_count: Generated<number>;
  /** 'Store front', or the source of an imported question. */
  source: string;
  /** Imported questions: where they came from (re-imports skip them); null for questions asked here. */
  source_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface QuestionAnswersTable {
  id: Generated<number>;
  shop_id: number;
  question_id: number;
  content: string;
  author: string;
  /** The verified buyer's address ('' for the store's answers). */
  author_email: string;
  by_store: number;
  verified_buyer: number;
  is_published: number;
  helpful_count: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface AnswerVotesTable {
  shop_id: number;
  answer_id: number;
  /** Keyed hash of (answer, visitor address, user agent). */
  voter: string;
  created_at: number;
}

export interface QuestionSettingsTable {
  shop_id: number;
  /** 1: a held question is published when it gets its first answer. */
  auto_publish_answered: number;
  updated_at: number;
}

export interface QuestionEmailLimitsTable {
  shop_id: number;
  /** SHA-256 (hex) of the lower-cased email. */
  email_hash: string;
  window_start: number;
  count: number;
}

export type QuestionEmailKind = 'answer' | 'invitation';
export type QuestionEmailState = 'pending' | 'sent' | 'suppressed' | 'failed';

export interface QuestionEmailsTable {
  id: Generated<number>;
  shop_id: number;
  question_id: number;
  kind: QuestionEmailKind;
  /** The answer an 'answer' email carries; 0 for invitations. */
  answer_id: number;
  recipient: string;
  recipient_name: string;
  state: QuestionEmailState;
  run_at: number;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  created_at: number;
  updated_at: number;
}

export type QuestionRow = Selectable<QuestionsTable>;
export type NewQuestionRow = Insertable<QuestionsTable>;
export type AnswerRow = Selectable<QuestionAnswersTable>;
export type NewAnswerRow = Insertable<QuestionAnswersTable>;
export type QuestionEmailRow = Selectable<QuestionEmailsTable>;
