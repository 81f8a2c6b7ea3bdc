import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { TestContext } from 'node:test';
import sharp from 'sharp';
import S3rver from 's3rver';
import type { ServiceOverrides } from '../src/services.ts';
import { buildTestApp, type TestApp } from './helpers.ts';

/** A free port on 127.0.0.1 (the server's public URL must be known before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface MediaTestApp extends TestApp {
  baseUrl: string;
  mediaUrl: string;
  dataDir: string;
}

/** The real app listening on a real socket, with its media under a fresh folder. */
export async function startMediaApp(t: TestContext, env: Record<string, string> = {}, deps: ServiceOverrides = {}): Promise<MediaTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plaudit-media-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Registered before buildTestApp's app.close(): drop kept-alive client sockets so closing does not wait for them.
  let server: { closeAllConnections(): void } | undefined;
  t.after(() => server?.closeAllConnections());
  const built = await buildTestApp(t, { env: { DATA_DIR: dataDir, PUBLIC_URL: baseUrl, ...env }, deps });
  server = built.app.server;
  await built.app.listen({ port, host: '127.0.0.1' });
  return { ...built, baseUrl, mediaUrl: `${baseUrl}/media`, dataDir };
}

export interface Credentials {
  access_id: string;
  host: string;
  expire: string;
  signature: string;
  policy: string;
  dir: string;
  callback: string;
}

/** A real multipart POST (fetch + FormData), fields first and the file last, as OSS requires. */
export async function postUpload(credentials: Credentials, file: { bytes: Buffer; name: string; type?: string }, overrides: Record<string, string | undefined> = {}): Promise<Response> {
  const fields: Record<string, string | undefined> = {
    key: `${credentials.dir}${file.name}`,
    policy: credentials.policy,
    OSSAccessKeyId: credentials.access_id,
    Signature: credentials.signature,
    callback: credentials.callback,
    ...overrides,
  };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append('file', new Blob([asBody(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  return fetch(overrides.host ?? credentials.host, { method: 'POST', body: form });
}

/** A JPEG carrying EXIF with a GPS position. */
export const jpegWithGps = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Plaudit test', Artist: 'Jane' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
    .toBuffer();

export const pngImage = (width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 255, alpha: 1 } } })
    .png()
    .toBuffer();

/**
 * A decompression bomb: a valid 1-bit PNG declaring 20000×20000 pixels (400 megapixels,
 * 1.6 GB once decoded to RGBA) whose compressed data is a few tens of kilobytes.
 */
export function pngBomb(): Buffer {
  const width = 20000;
  const height = 20000;
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((1 + width / 8) * height); // filter byte + packed row, all zero
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The first bytes of an MP4 file (an ftyp box), followed by filler. */
export function mp4Bytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x61);
  Buffer.from('0000001c667479706973366f6d00000200', 'hex').copy(bytes, 0);
  return bytes;
}

/** Every file under the media folders of a data dir (stored objects and temporary files). */
export function mediaFiles(dataDir: string): string[] {
  const found: string[] = [];
  for (const folder of ['media', 'media-tmp']) {
    try {
      for (const entry of readdirSync(join(dataDir, folder), { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
      }
    } catch {
      // not created yet
    }
  }
  return found.sort();
}

/** A JPEG of random pixels (it does not compress, so its size follows its dimensions). */
export const noisyJpeg = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();

/** A real S3-compatible server (s3rver) on 127.0.0.1, port 0, with one empty bucket. */
export async function startS3(t: TestContext): Promise<{ endpoint: string; bucket: string; directory: string; env: Record<string, string> }> {
  const directory = mkdtempSync(join(tmpdir(), 'plaudit-s3-'));
  const bucket = 'plaudit-media';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  t.after(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
  };
}

/** A Buffer as a fetch body (the DOM typings want an ArrayBuffer-backed view). */
export const asBody = (bytes: Buffer | string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(bytes));
