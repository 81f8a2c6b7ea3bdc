import type { Insertable, Selectable } from 'kysely';

export interface ReviewImportKeysTable {
  shop_id: number;
  /** `<format>:<id in the file>`, `api:<host>:<id>`, or `hash:<digest>` (switching.row.ts). */
  source_key: string;
  review_id: number;
  created_at: number;
}

export type ReviewImportKeyRow = Selectable<ReviewImportKeysTable>;
export type NewReviewImportKeyRow = Insertable<ReviewImportKeysTable>;
