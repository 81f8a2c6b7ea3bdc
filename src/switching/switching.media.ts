import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { MediaConfig } from '../media/media.config.ts';
import { cleanImage } from '../media/media.images.ts';
import { keyOfMediaUrl, uploadDir } from '../media/media.keys.ts';
import { claimKey, deleteUploadRow, markReferenced, markStored } from '../media/media.queries.ts';
import type { MediaStorage } from '../media/media.storage.ts';
import { mediaUrls } from '../media/media.urls.ts';
import { findReviewMediaForUpdate, updateReviewMedia } from '../reviews/reviews.queries.ts';
import type { ReviewMedia } from '../reviews/reviews.schemas.ts';
import type { WorkerTask } from '../worker/worker.ts';
import { createDownloader, DownloadError, type DownloadPolicy, type Downloader } from './switching.download.ts';
import { dueMediaDownloads, finishMediaDownload, leaseMediaDownload, mediaDownloadsOfShop } from './switching.queries.ts';
import type { ReviewMediaDownloadRow } from './switching.table.ts';

export interface MediaImportDeps {
  db: Db;
  clock: Clock;
  storage: MediaStorage;
  media: Pick<MediaConfig, 'publicUrl' | 'maxImageBytes' | 'maxVideoBytes' | 'maxImagePixels'>;
  allowPrivate: boolean;
  /** Internal addresses allowed anyway (tests). */
  allowAddresses?: string[];
  timeoutMs?: number;
  /** Downloads in flight at once. */
  concurrency?: number;
  log?: { warn(object: unknown, message: string): void };
}

const LEASE_MS = 5 * 60_000;
const RETRY_MS = [60_000, 10 * 60_000];
const MAX_ATTEMPTS = RETRY_MS.length + 1;

/** Whether an imported media URL should be downloaded (it is not already one of this server's files). */
export const needsDownload = (url: string, mediaBaseUrl: string): boolean => keyOfMediaUrl(url, mediaBaseUrl) === null;

/**
 * The worker task that downloads imported reviews' photos and videos: the type is taken from
 * the bytes, images are decoded and written again without EXIF (as uploads are), everything is
 * stored like an upload and attached to its review in place of the original URL. A download that
 * cannot succeed removes the URL from the review (which stays) and keeps the reason.
 */
export function mediaImportTask(deps: MediaImportDeps): WorkerTask {
  let downloader: Downloader | undefined;
  const policy: DownloadPolicy = {
    allowPrivate: deps.allowPrivate,
    allowAddresses: deps.allowAddresses,
    timeoutMs: deps.timeoutMs ?? 15_000,
    maxImageBytes: deps.media.maxImageBytes,
    maxVideoBytes: deps.media.maxVideoBytes,
  };
  return {
    name: 'import-media-downloads',
    async runDue(now) {
      const concurrency = deps.concurrency ?? 4;
      const due = await dueMediaDownloads(deps.db, now, concurrency * 4);
      if (due.length === 0) return 0;
      downloader ??= createDownloader(policy);
      const leased: ReviewMediaDownloadRow[] = [];
      for (const row of due) if (await leaseMediaDownload(deps.db, row.id, row.run_at, now + LEASE_MS)) leased.push(row);
      let next = 0;
      const lane = async () => {
        while (next < leased.length) await downloadOne(deps, downloader!, leased[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, leased.length) }, lane));
      return leased.length;
    },
  };
}

async function downloadOne(deps: MediaImportDeps, downloader: Downloader, row: ReviewMediaDownloadRow): Promise<void> {
  const raw = join(deps.storage.tmpDir, `${randomUUID()}.download`);
  const clean = join(deps.storage.tmpDir, `${randomUUID()}.clean`);
  const attempts = Number(row.attempts) + 1;
  let claimedId: number | null = null;
  try {
    await mkdir(deps.storage.tmpDir, { recursive: true });
    const { type } = await downloader.fetchTo(row.source_url, raw);
    const now = deps.clock.now();
    const key = `${uploadDir(Number(row.shop_id), now)}imported-${row.id}.${type.extension}`;
    claimedId = await claimKey(deps.db, {
      shop_id: Number(row.shop_id),
      object_key: key,
      kind: type.kind,
      status: 'uploading',
      content_type: type.mime,
      size: 0,
      etag: '',
      upload_token_hash: null,
      expires_at: null,
      referenced_at: null,
      created_at: now,
      updated_at: now,
    });
    if (claimedId === null) throw new DownloadError('storage key already taken', false);
    let stored = raw;
    if (type.kind === 'image') {
      try {
        await cleanImage(raw, clean, type, deps.media.maxImagePixels);
      } catch (error) {
        throw new DownloadError(error instanceof Error ? error.message : 'not a readable image', false);
      }
      stored = clean;
    }
    const { size } = await stat(stored);
    await deps.storage.putFile(key, stored, type.mime);
    await markStored(deps.db, claimedId, { size, etag: '', content_type: type.mime, now });
    const urls = mediaUrls(deps.media.publicUrl, key);
    const attached = await replaceMedia(deps, row, { url: urls.url, thumbnail_url: type.kind === 'image' ? urls.thumbnail_url : '' });
    // A copy whose review was deleted meanwhile stays unreferenced, so the media cleanup removes it.
    if (attached) await markReferenced(deps.db, Number(row.shop_id), [key], now);
    claimedId = null;
    await finishMediaDownload(
      deps.db,
      row.id,
      attached ? { status: 'done', objectKey: key, attempts, now } : { status: 'failed', error: 'the review was deleted before its media arrived', attempts, now },
    );
  } catch (error) {
    if (claimedId !== null) await deleteUploadRow(deps.db, claimedId);
    const failure = error instanceof DownloadError ? error : new DownloadError(error instanceof Error ? error.message : String(error), true);
    const now = deps.clock.now();
    if (failure.retry && attempts < MAX_ATTEMPTS) {
      await finishMediaDownload(deps.db, row.id, { status: 'pending', error: failure.message, attempts, runAt: now + RETRY_MS[attempts - 1]!, now });
    } else {
      await replaceMedia(deps, row, null);
      await finishMediaDownload(deps.db, row.id, { status: 'failed', error: failure.message, attempts, now });
      deps.log?.warn({ reviewId: row.review_id, url: row.source_url, reason: failure.message }, 'imported media could not be downloaded');
    }
  } finally {
    await rm(raw, { force: true });
    await rm(clean, { force: true });
  }
}

/** Puts the stored copy in place of the source URL in the review's media (or removes the URL); false when the review is gone. */
async function replaceMedia(deps: MediaImportDeps, row: ReviewMediaDownloadRow, copy: { url: string; thumbnail_url: string } | null): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const review = await findReviewMediaForUpdate(trx, Number(row.shop_id), Number(row.review_id));
    if (!review) return false;
    const media = JSON.parse(review.media) as ReviewMedia[];
    const next = copy ? media.map((m) => (m.url === row.source_url ? { ...m, ...copy } : m)) : media.filter((m) => m.url !== row.source_url);
    await updateReviewMedia(trx, Number(row.shop_id), Number(row.review_id), JSON.stringify(next), deps.clock.now());
    return true;
  });
}

export interface MediaDownloadReport {
  pending: number;
  done: number;
  failed: number;
  failures: { review_id: number; url: string; reason: string }[];
}

/** Where the shop's imported media stand: counts, and every failure with its reason. */
export async function mediaDownloadReport(db: Db, shopId: number): Promise<MediaDownloadReport> {
  const rows = await mediaDownloadsOfShop(db, shopId);
  return {
    pending: rows.filter((r) => r.status === 'pending').length,
    done: rows.filter((r) => r.status === 'done').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    failures: rows.filter((r) => r.status === 'failed').map((r) => ({ review_id: Number(r.review_id), url: r.source_url, reason: r.error ?? '' })),
  };
}
