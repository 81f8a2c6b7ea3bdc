import type { Db } from '../db/database.ts';
import type { NewReviewImportKeyRow } from './switching.table.ts';

/** Which of these source keys the shop already imported. */
export async function existingSourceKeys(db: Db, shopId: number, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('review_import_keys').select('source_key').where('shop_id', '=', shopId).where('source_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.source_key));
}

export const insertSourceKeys = (db: Db, rows: NewReviewImportKeyRow[]) =>
  rows.length === 0 ? Promise.resolve([]) : db.insertInto('review_import_keys').values(rows).execute();
