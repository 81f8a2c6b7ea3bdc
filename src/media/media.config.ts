import { Type, type Static, type TObject } from '@sinclair/typebox';

/**
 * The media feature's environment keys, merged into the config schema (src/config.ts): each
 * key's default, unit and description are written here once; `.env.example` and the README
 * table are generated from them.
 */
export const MediaEnv = {
  MEDIA_PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s?#]+$',
      title: 'public base URL of media files',
      description: "Public base URL of media files. Uploads POST here and files are <MEDIA_PUBLIC_URL>/<key>. It must reach this server's /media path (directly or through a CDN).",
      defaultText: '`$PUBLIC_URL/media`',
    }),
  ),
  MEDIA_MAX_IMAGE_BYTES: Type.Integer({
    minimum: 1,
    maximum: 99_999_999_999,
    default: 10 * 1024 * 1024,
    unit: 'bytes',
    title: 'largest image upload',
    description: 'Largest image upload (10485760 = 10 MB).',
  }),
  MEDIA_MAX_VIDEO_BYTES: Type.Integer({
    minimum: 1,
    maximum: 999_999_999_999,
    default: 200 * 1024 * 1024,
    unit: 'bytes',
    title: 'largest video upload',
    description: 'Largest video upload (209715200 = 200 MB).',
  }),
  MEDIA_MAX_IMAGE_PIXELS: Type.Integer({
    minimum: 1,
    maximum: 99_999_999_999,
    default: 40_000_000,
    unit: 'pixels',
    title: 'largest image, width × height (× frames)',
    description: 'Largest image in pixels, width × height (× frames); bigger ones (decompression bombs) are refused.',
  }),
  MEDIA_OWN_HOST_ONLY: Type.Boolean({
    default: false,
    title: 'create_review accepts only media URLs under MEDIA_PUBLIC_URL',
    description: '1 = create_review accepts only media URLs under MEDIA_PUBLIC_URL.',
  }),
  S3_ENDPOINT: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      title: 'endpoint of a non-AWS S3-compatible store',
      description: 'S3-compatible storage: set S3_BUCKET to store media there instead of $DATA_DIR/media. Endpoint of a non-AWS store (MinIO, R2, Ceph…); unset for AWS S3.',
    }),
  ),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, title: 'bucket name; set to store media in S3', description: 'Bucket name; set it to store media in S3.' })),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1', title: 'S3 region', description: 'S3 region.' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1, title: 'S3 access key id', description: "S3 credentials; unset = the AWS SDK's default chain (environment, instance role…)." })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1, secret: true, title: 'S3 secret access key', description: 'Secret of S3_ACCESS_KEY_ID.' })),
  S3_FORCE_PATH_STYLE: Type.Optional(
    Type.Boolean({ title: 'path-style S3 URLs (bucket in the path)', description: '1 = path-style URLs (bucket in the path).', defaultText: '`1` when `S3_ENDPOINT` is set, else `0`' }),
  ),
};

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export type MediaConfig = Readonly<{
  /** Base URL of served media: uploads POST here, files are `<publicUrl>/<key>`. */
  publicUrl: string;
  maxImageBytes: number;
  maxVideoBytes: number;
  maxImagePixels: number;
  /** create_review refuses media URLs outside `publicUrl`. */
  ownHostOnly: boolean;
  /** null = local disk under DATA_DIR/media. */
  s3: S3Settings | null;
}>;

export type MediaEnvValues = Static<TObject<typeof MediaEnv>>;

export function mediaConfigFrom(env: MediaEnvValues, serverPublicUrl: string): MediaConfig {
  const s3: S3Settings | null = env.S3_BUCKET
    ? {
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
        ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
        ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
        ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
      }
    : null;
  return Object.freeze({
    publicUrl: (env.MEDIA_PUBLIC_URL ?? `${serverPublicUrl}/media`).replace(/\/+$/, ''),
    maxImageBytes: env.MEDIA_MAX_IMAGE_BYTES,
    maxVideoBytes: env.MEDIA_MAX_VIDEO_BYTES,
    maxImagePixels: env.MEDIA_MAX_IMAGE_PIXELS,
    ownHostOnly: env.MEDIA_OWN_HOST_ONLY,
    s3,
  });
}
