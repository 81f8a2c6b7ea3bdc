import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStyleName, renderStyle, videoPlaceholder, type StyleName } from './media.images.ts';
import { isSafeKey, variantKey } from './media.keys.ts';
import { OssError, invalidArgument, noSuchKey } from './media.oss.ts';
import { findUploadByKey } from './media.queries.ts';
import type { MediaUploadRow } from './media.table.ts';
import { verifyPendingVideo } from './media.verify.ts';
import type { ByteRange } from './media.storage-interface.ts';

// Keys are never overwritten, so a URL's bytes never change.
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** GET (and HEAD) of a stored object or one of its styles: ETag/304, ranges, long caching. */
export async function serveObject(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, key: string): Promise<FastifyReply> {
  if (!isSafeKey(key)) throw noSuchKey();
  let row = await findUploadByKey(app.db, key);
  if (row?.status === 'pending' && row.kind === 'video' && app.mediaStorage.kind === 's3') {
    if ((await verifyPendingVideo(app, row)) === 'stored') row = await findUploadByKey(app.db, key);
  }
  if (!row || row.status !== 'stored') throw noSuchKey();
  const style = styleOf(request.query as Record<string, unknown>);
  reply.header('cache-control', CACHE_CONTROL).header('x-content-type-options', 'nosniff');

  if (style && row.kind === 'video') {
    if (style !== 'thumbnail') throw invalidArgument('Styles other than thumbnail apply to images only.');
    const png = await videoPlaceholder();
    return sendWhole(request, reply, '"video-placeholder-v1"', 'image/png', png.length, async () => png);
  }
  const objectKey = style ? await ensureVariant(app, row, style) : key;
  const size = style ? await app.mediaStorage.size(objectKey) : row.size;
  if (size === null) throw noSuchKey();
  const etag = style ? `${row.etag.slice(0, -1)}-${style}"` : row.etag;
  reply.header('accept-ranges', 'bytes');
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied.');
  }
  if (range && !ifRangeMatches(request, etag)) return sendWhole(request, reply, etag, row.content_type, size, () => app.mediaStorage.read(objectKey));
  if (range) {
    const stream = await app.mediaStorage.read(objectKey, range);
    if (!stream) throw noSuchKey();
    return reply
      .status(206)
      .header('etag', etag)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .type(row.content_type)
      .send(stream);
  }
  return sendWhole(request, reply, etag, row.content_type, size, () => app.mediaStorage.read(objectKey));
}

async function sendWhole(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  contentType: string,
  size: number,
  body: () => Promise<NodeJS.ReadableStream | Buffer | null>,
): Promise<FastifyReply> {
  reply.header('etag', etag);
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
  const content = await body();
  if (content === null) throw noSuchKey();
  return reply.status(200).header('content-length', size).type(contentType).send(content);
}

function styleOf(query: Record<string, unknown>): StyleName | null {
  const process = query['x-oss-process'];
  if (process === undefined) return null;
  const match = typeof process === 'string' ? /^style\/([A-Za-z0-9_]+)$/.exec(process) : null;
  if (!match || !isStyleName(match[1]!)) {
    throw invalidArgument('x-oss-process must be style/trustoo_big, style/trustoo_small or style/thumbnail.');
  }
  return match[1] as StyleName;
}

/** Renders a style the first time it is asked for, then serves the stored copy. */
async function ensureVariant(app: FastifyInstance, row: MediaUploadRow, style: StyleName): Promise<string> {
  const key = variantKey(row.object_key, style);
  if ((await app.mediaStorage.size(key)) !== null) return key;
  const source = await app.mediaStorage.read(row.object_key);
  if (!source) throw noSuchKey();
  const tmp = join(app.mediaStorage.tmpDir, `${randomUUID()}.variant`);
  try {
    await renderStyle(source, tmp, style, row.content_type);
    await app.mediaStorage.putFile(key, tmp, row.content_type);
  } finally {
    await rm(tmp, { force: true });
  }
  return key;
}

const noneMatch = (header: string | undefined, etag: string) => header !== undefined && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');

function ifRangeMatches(request: FastifyRequest, etag: string): boolean {
  const ifRange = request.headers['if-range'];
  return ifRange === undefined || ifRange === etag;
}

/** One `bytes=` range (the only form players send); several ranges are served as the whole file. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return null;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}
