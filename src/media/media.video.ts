import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidArgument as apiInvalidArgument } from '../http/errors.ts';
import { writeStreamToFile } from '../lib/files.ts';
import { uploadDir } from './media.keys.ts';
import { OssError } from './media.oss.ts';
import { claimKey, deleteUploadRow, findUploadByTokenHash, markStored, takeUploadToken } from './media.queries.ts';
import { SNIFF_BYTES, sniff } from './media.sniff.ts';
import { mediaUrls } from './media.urls.ts';

/** A video upload URL works once, for 30 minutes (spec endpoints.md §E1 PROPOSAL). */
export const VIDEO_URL_TTL_MS = 30 * 60 * 1000;

const VIDEO_TYPES: Record<string, string> = { 'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov' };

export interface VideoUploadUrl {
  upload_url: string;
  video_url: string;
  thumbnail_url: string;
  uid: string;
  expire: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Reserves a key and hands out a one-time URL: Plaudit's own PUT receiver, or a presigned S3 PUT. */
export async function createVideoUploadUrl(app: FastifyInstance, shopId: number, query: { file_name?: string; content_type?: string }): Promise<VideoUploadUrl> {
  const contentType = (query.content_type ?? 'video/mp4').toLowerCase();
  const extension = VIDEO_TYPES[contentType];
  if (!extension) throw apiInvalidArgument('content_type', 'must be video/mp4, video/webm or video/quicktime');
  const now = app.clock.now();
  const uid = randomUUID();
  const key = `${uploadDir(shopId, now)}${uid}.${extension}`;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + VIDEO_URL_TTL_MS;
  await claimKey(app.db, {
    shop_id: shopId,
    object_key: key,
    kind: 'video',
    status: 'pending',
    content_type: contentType,
    size: 0,
    etag: '',
    upload_token_hash: hashToken(token),
    expires_at: expiresAt,
    referenced_at: null,
    created_at: now,
    updated_at: now,
  });
  const storage = app.mediaStorage;
  const uploadUrl = storage.presignPut ? await storage.presignPut(key, contentType, VIDEO_URL_TTL_MS / 1000) : `${app.config.publicUrl}/media-uploads/${token}`;
  const urls = mediaUrls(app.config.media.publicUrl, key);
  return { upload_url: uploadUrl, video_url: urls.url, thumbnail_url: urls.thumbnail_url, uid, expire: String(Math.floor(expiresAt / 1000)) };
}

/**
 * The one-time PUT receiver (local storage). The body streams through a guard that checks
 * the first bytes and counts the rest, into a temporary file that is moved into storage
 * only when complete; memory use does not grow with the file.
 */
export async function receiveVideoPut(app: FastifyInstance, request: FastifyRequest, token: string): Promise<{ key: string; size: number }> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findUploadByTokenHash(app.db, hashToken(token)) : undefined;
  const now = app.clock.now();
  if (!row || row.status !== 'pending' || (row.expires_at ?? 0) <= now) {
    drain(request);
    throw new OssError(403, 'AccessDenied', 'This upload URL is invalid, expired or already used.');
  }
  if (!(await takeUploadToken(app.db, row.id, now))) {
    drain(request);
    throw new OssError(403, 'AccessDenied', 'This upload URL is invalid, expired or already used.');
  }
  const max = app.config.media.maxVideoBytes;
  const tmp = join(app.mediaStorage.tmpDir, `${randomUUID()}.video`);
  const guard = new VideoGuard(max);
  let stored = false;
  try {
    if (Number(request.headers['content-length'] ?? 0) > max) {
      drain(request);
      throw new OssError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${max} bytes.`);
    }
    // Not pipeline(request.raw, …): a refused body must not destroy the socket the error reply goes out on.
    request.raw.pipe(guard);
    try {
      await writeStreamToFile(guard, tmp);
    } catch (error) {
      request.raw.unpipe(guard);
      drain(request);
      throw error instanceof OssError ? error : new OssError(400, 'IncompleteBody', 'The upload was interrupted.');
    }
    if (guard.bytes === 0) throw new OssError(400, 'EntityTooSmall', 'The file is empty.');
    const type = guard.type!;
    await app.mediaStorage.putFile(row.object_key, tmp, type);
    await markStored(app.db, row.id, { size: guard.bytes, etag: `"${guard.hash.digest('hex').slice(0, 32)}"`, content_type: type, now: app.clock.now() });
    stored = true;
    return { key: row.object_key, size: guard.bytes };
  } finally {
    await rm(tmp, { force: true });
    // A failed upload burns the URL: the reservation goes, nothing is kept.
    if (!stored) await deleteUploadRow(app.db, row.id);
  }
}

function drain(request: FastifyRequest): void {
  request.raw.resume();
}

/** Passes bytes through while checking the video signature and the size limit. */
class VideoGuard extends Transform {
  bytes = 0;
  type: string | null = null;
  readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      callback(new OssError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${this.max} bytes.`));
      return;
    }
    this.hash.update(chunk);
    if (this.type !== null) return callback(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return callback();
    this.checkHead(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.type !== null || this.headLength === 0) return callback();
    this.checkHead(callback);
  }

  private checkHead(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    const type = sniff(head);
    if (!type || type.kind !== 'video') {
      callback(new OssError(400, 'InvalidArgument', 'The file is not a video: its content is not MP4, WebM or QuickTime.'));
      return;
    }
    this.type = type.mime;
    this.head = [];
    callback(null, head);
  }
}
