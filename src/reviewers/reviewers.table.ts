import type { Generated, Selectable } from 'kysely';

export type ReviewerEmailKind = 'confirmation' | 'photo_request';

/** Emails to a review's author, queued with a run_at and sent by the worker (migration 1525). */
export interface ReviewerEmailsTable {
  id: Generated<number>;
  shop_id: number;
  review_id: number;
  kind: ReviewerEmailKind;
  state: 'pending' | 'sent' | 'cancelled' | 'failed';
  run_at: number;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export type ReviewerEmailRow = Selectable<ReviewerEmailsTable>;
