import type { Db } from '../db/database.ts';
import type { ReviewRow } from '../reviews/reviews.table.ts';
import type { NewReviewImportKeyRow } from './switching.table.ts';

/** Which of these source keys the shop already imported. */
export async function existingSourceKeys(db: Db, shopId: number, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('review_import_keys').select('source_key').where('shop_id', '=', shopId).where('source_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.source_key));
}

export async function insertSourceKeys(db: Db, rows: NewReviewImportKeyRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 2_000)
    await db
      .insertInto('review_import_keys')
      .values(rows.slice(start, start + 2_000))
      .execute();
}

export type ExportRow = ReviewRow & {
  product_title: string | null;
  product_handle: string | null;
  product_url: string | null;
  product_image_url: string | null;
  source_key: string | null;
};

/** One page of the shop's reviews in id order after `afterId`, with product and source key (keyset paging keeps memory flat). */
export const exportPage = (db: Db, shopId: number, afterId: number, limit: number): Promise<ExportRow[]> =>
  db
    .selectFrom('reviews')
    .leftJoin('products', (join) => join.onRef('products.shop_id', '=', 'reviews.shop_id').onRef('products.product_id', '=', 'reviews.product_id'))
    .leftJoin('review_import_keys', (join) => join.onRef('review_import_keys.shop_id', '=', 'reviews.shop_id').onRef('review_import_keys.review_id', '=', 'reviews.id'))
    .selectAll('reviews')
    .select([
      'products.title as product_title',
      'products.handle as product_handle',
      'products.url as product_url',
      'products.image_url as product_image_url',
      'review_import_keys.source_key as source_key',
    ])
    .where('reviews.shop_id', '=', shopId)
    .where('reviews.id', '>', afterId)
    .orderBy('reviews.id')
    .limit(limit)
    .execute() as Promise<ExportRow[]>;

export const queueMediaDownloads = (db: Db, rows: { shop_id: number; review_id: number; source_url: string; run_at: number; created_at: number; updated_at: number }[]) =>
  rows.length === 0
    ? Promise.resolve([])
    : db
        .insertInto('review_media_downloads')
        .values(rows.map((r) => ({ ...r, status: 'pending' as const })))
        .execute();

export const dueMediaDownloads = (db: Db, now: number, limit: number) =>
  db.selectFrom('review_media_downloads').selectAll().where('status', '=', 'pending').where('run_at', '<=', now).orderBy('id').limit(limit).execute();

/** Takes a due download for this worker until `leaseUntil`; false when another worker took it first. */
export async function leaseMediaDownload(db: Db, id: number, seenRunAt: number, leaseUntil: number): Promise<boolean> {
  const result = await db.updateTable('review_media_downloads').set({ run_at: leaseUntil }).where('id', '=', id).where('status', '=', 'pending').where('run_at', '=', seenRunAt).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const finishMediaDownload = (db: Db, id: number, fields: { status: 'done' | 'failed' | 'pending'; objectKey?: string; error?: string; runAt?: number; attempts: number; now: number }) =>
  db
    .updateTable('review_media_downloads')
    .set({
      status: fields.status,
      object_key: fields.objectKey ?? null,
      error: fields.error ?? null,
      attempts: fields.attempts,
      updated_at: fields.now,
      ...(fields.runAt === undefined ? {} : { run_at: fields.runAt }),
    })
    .where('id', '=', id)
    .execute();

export const mediaDownloadsOfShop = (db: Db, shopId: number) => db.selectFrom('review_media_downloads').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
