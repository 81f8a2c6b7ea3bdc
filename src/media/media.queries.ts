import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { escapeLike } from '../db/dialect.ts';
import type { MediaUploadRow, NewMediaUploadRow } from './media.table.ts';

export const findUploadByKey = (db: Db, key: string): Promise<MediaUploadRow | undefined> => db.selectFrom('media_uploads').selectAll().where('object_key', '=', key).executeTakeFirst();

export const findUploadByTokenHash = (db: Db, tokenHash: string): Promise<MediaUploadRow | undefined> =>
  db.selectFrom('media_uploads').selectAll().where('upload_token_hash', '=', tokenHash).executeTakeFirst();

/** Claims a key; false when it is already taken (objects are never overwritten). */
export async function claimKey(db: Db, row: NewMediaUploadRow): Promise<number | null> {
  const existing = await findUploadByKey(db, row.object_key);
  if (existing) return null;
  try {
    const inserted = await db.insertInto('media_uploads').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(inserted.id);
  } catch (error) {
    // A concurrent upload of the same key won the unique index.
    if (await findUploadByKey(db, row.object_key)) return null;
    throw error;
  }
}

export const markStored = (db: Db, id: number, fields: { size: number; etag: string; content_type: string; now: number }) =>
  db
    .updateTable('media_uploads')
    .set({ status: 'stored', size: fields.size, etag: fields.etag, content_type: fields.content_type, upload_token_hash: null, updated_at: fields.now })
    .where('id', '=', id)
    .executeTakeFirst();

/** Takes a one-time upload token: only one request can move the row from pending to uploading. */
export async function takeUploadToken(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable('media_uploads').set({ status: 'uploading', updated_at: now }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const deleteUploadRow = (db: Db, id: number) => db.deleteFrom('media_uploads').where('id', '=', id).execute();

export const markReferenced = (db: Db, shopId: number, keys: string[], now: number) =>
  db.updateTable('media_uploads').set({ referenced_at: now }).where('shop_id', '=', shopId).where('object_key', 'in', keys).where('referenced_at', 'is', null).execute();

export const uploadsOfShop = (db: Db, shopId: number, keys: string[]) => db.selectFrom('media_uploads').select(['object_key']).where('shop_id', '=', shopId).where('object_key', 'in', keys).execute();

export const unreferencedBefore = (db: Db, cutoff: number, limit: number) =>
  db.selectFrom('media_uploads').selectAll().where('referenced_at', 'is', null).where('created_at', '<=', cutoff).orderBy('id').limit(limit).execute();

export const pendingExpiredBefore = (db: Db, now: number, limit: number) =>
  db.selectFrom('media_uploads').selectAll().where('status', '=', 'pending').where('expires_at', '<=', now).orderBy('id').limit(limit).execute();

export const enqueueDeletion = (db: Db, shopId: number, key: string, now: number) =>
  db.insertInto('media_deletions').values({ shop_id: shopId, object_key: key, run_at: now, last_error: null, created_at: now }).execute();

export const dueDeletions = (db: Db, now: number, limit: number) => db.selectFrom('media_deletions').selectAll().where('run_at', '<=', now).orderBy('run_at').orderBy('id').limit(limit).execute();

/** Leases a job by moving its run_at; false when another worker took it first. */
export async function leaseDeletion(db: Db, id: number, seenRunAt: number, leaseUntil: number): Promise<boolean> {
  const result = await db
    .updateTable('media_deletions')
    .set((eb) => ({ run_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('run_at', '=', seenRunAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const finishDeletion = (db: Db, id: number) => db.deleteFrom('media_deletions').where('id', '=', id).execute();

export const failDeletion = (db: Db, id: number, retryAt: number, error: string) =>
  db
    .updateTable('media_deletions')
    .set({ run_at: retryAt, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();

/** Whether a remaining review of the shop still shows this object. */
export async function isReferencedByReview(db: Db, shopId: number, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('reviews')
    .select('id')
    .where('shop_id', '=', shopId)
    .where(sql<SqlBool>`media like ${`%/${escapeLike(key)}%`} escape '\\'`)
    .executeTakeFirst();
  return row !== undefined;
}
