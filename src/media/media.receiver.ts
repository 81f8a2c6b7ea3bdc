import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import busboy from 'busboy';
import { writeStreamToFile } from '../lib/files.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cleanImage } from './media.images.ts';
import { shopIdOfKey } from './media.keys.ts';
import { OssError, invalidArgument } from './media.oss.ts';
import { verifyPostForm, type AcceptedPost, type PolicySigner } from './media.policy.ts';
import { claimKey, deleteUploadRow, markStored } from './media.queries.ts';
import { SNIFF_BYTES, sniff } from './media.sniff.ts';
import { mediaUrls } from './media.urls.ts';

export interface StoredImage {
  key: string;
  size: number;
  mimeType: string;
  width: number;
  height: number;
  withCallback: boolean;
}

/**
 * The OSS-style PostObject receiver. Form fields come first (OSS requires `file` to be the
 * last field), so the policy is checked before any file byte is kept. The file streams to
 * a temporary file, is identified from its bytes, decoded and re-encoded without metadata,
 * and only then moved into storage. Any failure leaves no row and no object behind.
 */
export async function receiveImagePost(app: FastifyInstance, request: FastifyRequest, signer: PolicySigner): Promise<StoredImage> {
  const media = app.config.media;
  const tmpDir = app.mediaStorage.tmpDir;
  const raw = join(tmpDir, `${randomUUID()}.upload`);
  const clean = join(tmpDir, `${randomUUID()}.clean`);
  let claimedId: number | null = null;
  try {
    const { accepted, bytes } = await readForm(request, signer, { now: app.clock.now(), mediaBaseUrl: media.publicUrl, maxBytes: media.maxImageBytes }, raw);
    if (bytes === 0) throw new OssError(400, 'EntityTooSmall', 'The file is empty.');
    const type = sniff(await readHead(raw));
    if (!type || type.kind !== 'image') {
      throw invalidArgument('The file is not an image: its content is not JPEG, PNG, WebP, GIF or AVIF, whatever its name says.');
    }
    const shopId = shopIdOfKey(accepted.key);
    if (shopId === null) throw invalidArgument('The key does not name a shop folder.');
    const now = app.clock.now();
    claimedId = await claimKey(app.db, {
      shop_id: shopId,
      object_key: accepted.key,
      kind: 'image',
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
    if (claimedId === null) throw new OssError(409, 'FileAlreadyExists', 'An object with this key already exists; objects are never overwritten.');
    const image = await cleanImage(raw, clean, type, media.maxImagePixels);
    const { size, etag } = await digest(clean);
    await app.mediaStorage.putFile(accepted.key, clean, type.mime);
    await markStored(app.db, claimedId, { size, etag, content_type: type.mime, now: app.clock.now() });
    claimedId = null;
    return { key: accepted.key, size, mimeType: type.mime, width: image.width, height: image.height, withCallback: accepted.withCallback };
  } finally {
    if (claimedId !== null) await deleteUploadRow(app.db, claimedId);
    await rm(raw, { force: true });
    await rm(clean, { force: true });
  }
}

/** The callback result: what OSS would relay from the callback server, here answered by Plaudit itself. */
export function callbackResult(mediaBaseUrl: string, image: StoredImage) {
  const urls = mediaUrls(mediaBaseUrl, image.key);
  return {
    Status: 'OK',
    filename: image.key,
    size: image.size,
    mimeType: image.mimeType,
    width: image.width,
    height: image.height,
    url: urls.url,
    thumbnail_url: urls.thumbnail_url,
    big_url: urls.big_url,
    small_url: urls.small_url,
  };
}

function readForm(request: FastifyRequest, signer: PolicySigner, options: { now: number; mediaBaseUrl: string; maxBytes: number }, target: string): Promise<{ accepted: AcceptedPost; bytes: number }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers as Parameters<typeof busboy>[0]['headers'],
        limits: { fields: 30, fieldSize: 16 * 1024, files: 1, parts: 40, fileSize: options.maxBytes },
      });
    } catch {
      reject(invalidArgument('The body must be multipart/form-data.'));
      return;
    }
    const fields: Record<string, string> = {};
    let failure: OssError | null = null;
    let accepted: AcceptedPost | null = null;
    let bytes = 0;
    let writing: Promise<void> | null = null;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, file) => {
      if (name !== 'file' || accepted || failure) {
        file.resume();
        return;
      }
      try {
        accepted = verifyPostForm(signer, fields, options);
      } catch (error) {
        failure = error instanceof OssError ? error : invalidArgument('The form could not be read.');
        file.resume();
        return;
      }
      const limit = accepted.maxBytes;
      file.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      file.on('limit', () => {
        failure ??= new OssError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${limit} bytes.`);
      });
      writing = writeStreamToFile(file, target);
    });
    parser.on('error', () => {
      failure ??= new OssError(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
      request.raw.unpipe(parser);
      request.raw.resume();
      finish();
    });
    parser.on('close', () => finish());
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      void (writing ?? Promise.resolve()).then(
        () => settle(),
        () => {
          failure ??= invalidArgument('The upload was interrupted.');
          settle();
        },
      );
    };
    const settle = () => {
      if (failure) return reject(failure);
      if (!accepted) return reject(invalidArgument('The form has no file field.'));
      resolve({ accepted, bytes });
    };
    request.raw.pipe(parser);
  });
}

export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function digest(path: string): Promise<{ size: number; etag: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, etag: `"${hash.digest('hex').slice(0, 32)}"` };
}
