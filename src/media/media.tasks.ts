import type { FastifyBaseLogger } from 'fastify';
import type { WorkerTask } from '../worker/worker.ts';
import { deleteUploadRow, dueDeletions, failDeletion, findUploadByKey, finishDeletion, isReferencedByReview, leaseDeletion, pendingExpiredBefore, unreferencedBefore } from './media.queries.ts';
import { removeObjectAndVariants, verifyPendingVideo, type MediaDeps } from './media.verify.ts';

type MediaTaskDeps = MediaDeps & { log: FastifyBaseLogger };

/** Uploads that no review referenced within this time are removed. */
export const UNREFERENCED_TTL_MS = 24 * 60 * 60 * 1000;
const BATCH = 50;
const LEASE_MS = 5 * 60 * 1000;
const RETRY_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

export function mediaTasks(services: MediaTaskDeps): WorkerTask[] {
  return [
    { name: 'media-delete-review-files', runDue: (now) => deleteReviewFiles(services, now) },
    { name: 'media-remove-unreferenced', runDue: (now) => removeUnreferenced(services, now) },
    { name: 'media-verify-direct-uploads', runDue: (now) => verifyExpiredDirectUploads(services, now) },
  ];
}

/** Files of deleted reviews, unless another review of the same shop still shows them. */
async function deleteReviewFiles(services: MediaTaskDeps, now: number): Promise<number> {
  let handled = 0;
  for (const job of await dueDeletions(services.db, now, BATCH)) {
    if (!(await leaseDeletion(services.db, job.id, job.run_at, now + LEASE_MS))) continue;
    try {
      if (!(await isReferencedByReview(services.db, job.shop_id, job.object_key))) {
        const upload = await findUploadByKey(services.db, job.object_key);
        if (upload && upload.shop_id === job.shop_id) {
          await removeObjectAndVariants(services, job.object_key);
          await deleteUploadRow(services.db, upload.id);
        }
      }
      await finishDeletion(services.db, job.id);
      handled += 1;
    } catch (error) {
      const delay = RETRY_MS[Math.min(job.attempts, RETRY_MS.length - 1)]!;
      await failDeletion(services.db, job.id, now + delay, error instanceof Error ? error.message : String(error));
      services.log.warn({ err: error, key: job.object_key }, 'media deletion failed; will retry');
    }
  }
  return handled;
}

/** Uploads never referenced by a review within 24 hours (and abandoned reservations). */
async function removeUnreferenced(services: MediaTaskDeps, now: number): Promise<number> {
  const rows = await unreferencedBefore(services.db, now - UNREFERENCED_TTL_MS, BATCH);
  for (const row of rows) {
    await removeObjectAndVariants(services, row.object_key);
    await deleteUploadRow(services.db, row.id);
  }
  return rows.length;
}

/** Presigned uploads whose URL has expired: keep a valid object, drop a bad or missing one. */
async function verifyExpiredDirectUploads(services: MediaTaskDeps, now: number): Promise<number> {
  if (services.mediaStorage.kind !== 's3') return 0;
  const rows = await pendingExpiredBefore(services.db, now, BATCH);
  for (const row of rows) {
    if ((await verifyPendingVideo(services, row)) === 'missing') await deleteUploadRow(services.db, row.id);
  }
  return rows.length;
}
