import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { MediaConfig } from './media.config.ts';
import { STYLES, isStyleName } from './media.images.ts';
import { variantKey } from './media.keys.ts';
import { deleteUploadRow, markStored } from './media.queries.ts';
import { SNIFF_BYTES, sniff } from './media.sniff.ts';
import type { MediaStorage } from './media.storage-interface.ts';
import type { MediaUploadRow } from './media.table.ts';

/** What media's background work runs on (the app's decorations, or a slice of Services). */
export interface MediaDeps {
  db: Db;
  clock: Clock;
  mediaStorage: MediaStorage;
  config: { media: Pick<MediaConfig, 'maxVideoBytes'> };
}

/**
 * A presigned S3 PUT bypasses Plaudit, so the object is checked after the fact, the first
 * time it is requested or when its URL has expired: it must exist, fit the size limit and
 * start like a video. A bad object is deleted with its reservation.
 */
export async function verifyPendingVideo(app: MediaDeps, row: MediaUploadRow): Promise<'stored' | 'missing' | 'rejected'> {
  const storage = app.mediaStorage;
  const size = await storage.size(row.object_key);
  if (size === null) return 'missing';
  let type: string | null = null;
  if (size > 0 && size <= app.config.media.maxVideoBytes) {
    const stream = await storage.read(row.object_key, { start: 0, end: Math.min(size, SNIFF_BYTES) - 1 });
    const chunks: Buffer[] = [];
    if (stream) for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const sniffed = sniff(Buffer.concat(chunks));
    if (sniffed?.kind === 'video') type = sniffed.mime;
  }
  if (type === null) {
    await removeObjectAndVariants(app, row.object_key);
    await deleteUploadRow(app.db, row.id);
    return 'rejected';
  }
  const etag = `"${createHash('sha256').update(`${row.object_key}:${size}:${row.created_at}`).digest('hex').slice(0, 32)}"`;
  await markStored(app.db, row.id, { size, etag, content_type: type, now: app.clock.now() });
  return 'stored';
}

/** Removes an object and every resized variant of it. */
export async function removeObjectAndVariants(app: Pick<MediaDeps, 'mediaStorage'>, key: string): Promise<void> {
  await app.mediaStorage.remove([
    key,
    ...Object.keys(STYLES)
      .filter(isStyleName)
      .map((style) => variantKey(key, style)),
  ]);
}
