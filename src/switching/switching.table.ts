import type { Generated, Insertable, Selectable } from 'kysely';

export interface ReviewImportKeysTable {
  shop_id: number;
  /** `<format>:<id in the file>`, `api:<host>:<id>`, or `hash:<digest>` (switching.row.ts). */
  source_key: string;
  review_id: number;
  created_at: number;
}

export type ReviewImportKeyRow = Selectable<ReviewImportKeysTable>;
export type NewReviewImportKeyRow = Insertable<ReviewImportKeysTable>;

/** One media URL of an imported review, downloaded by the worker. */
export interface ReviewMediaDownloadsTable {
  id: Generated<number>;
  shop_id: number;
  review_id: number;
  source_url: string;
  status: 'pending' | 'done' | 'failed';
  attempts: Generated<number>;
  /** When a pending download is due (also its lease while a worker holds it). */
  run_at: number;
  object_key: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export type ReviewMediaDownloadRow = Selectable<ReviewMediaDownloadsTable>;
