import { createReadStream, mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from './media.config.ts';
import type { ByteRange, MediaStorage } from './media.storage-interface.ts';

type Sdk = typeof import('@aws-sdk/client-s3') & { getSignedUrl: typeof import('@aws-sdk/s3-request-presigner').getSignedUrl };

/**
 * Any S3-compatible store through the AWS SDK. Temporary files stay on local disk.
 * The SDK is loaded on first use, so a server on local storage does not carry it.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3';
  private readonly bucket: string;
  private loaded: Promise<{ sdk: Sdk; client: S3Client }> | undefined;

  constructor(
    private readonly settings: S3Settings,
    readonly tmpDir: string,
  ) {
    mkdirSync(tmpDir, { recursive: true });
    this.bucket = settings.bucket;
  }

  private load(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.loaded ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]).then(([s3, presigner]) => {
      const sdk = { ...s3, getSignedUrl: presigner.getSignedUrl } as Sdk;
      return { sdk, client: this.createClient(sdk) };
    });
    return this.loaded;
  }

  private createClient(sdk: Sdk): S3Client {
    const settings = this.settings;
    return new sdk.S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // Checksums only where an operation needs them: many S3-compatible stores reject the SDK's newer default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
    });
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    try {
      const { size } = await stat(path);
      const { sdk, client } = await this.load();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }));
    } finally {
      await rm(path, { force: true });
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    const { sdk, client } = await this.load();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return out.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    const { sdk, client } = await this.load();
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async remove(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const { sdk, client } = await this.load();
    await client.send(new sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
  }

  async presignPut(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
    const { sdk, client } = await this.load();
    return sdk.getSignedUrl(client, new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), {
      expiresIn: expiresInSeconds,
    });
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
