import { Type } from '@sinclair/typebox';

/** The media feature's environment keys (documented in `.env.example`), merged into the config schema. */
export const MediaEnv = {
  MEDIA_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s?#]+$', description: 'public base URL of media files' })),
  MEDIA_MAX_IMAGE_BYTES: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,10}$', description: 'largest image upload, bytes' })),
  MEDIA_MAX_VIDEO_BYTES: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,11}$', description: 'largest video upload, bytes' })),
  MEDIA_MAX_IMAGE_PIXELS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,10}$', description: 'largest image, width × height' })),
  MEDIA_OWN_HOST_ONLY: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'S3-compatible endpoint URL' })),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, description: 'bucket name; set to store media in S3' })),
  S3_REGION: Type.Optional(Type.String({ minLength: 1, description: 'S3 region, default us-east-1' })),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
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

type MediaEnvValues = Partial<Record<keyof typeof MediaEnv, string>>;

export function mediaConfigFrom(env: MediaEnvValues, serverPublicUrl: string): MediaConfig {
  const s3: S3Settings | null = env.S3_BUCKET
    ? {
        bucket: env.S3_BUCKET,
        region: env.S3_REGION ?? 'us-east-1',
        forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? (env.S3_ENDPOINT ? '1' : '0')) === '1',
        ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
        ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
        ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
      }
    : null;
  return Object.freeze({
    publicUrl: (env.MEDIA_PUBLIC_URL ?? `${serverPublicUrl}/media`).replace(/\/+$/, ''),
    maxImageBytes: Number(env.MEDIA_MAX_IMAGE_BYTES ?? 10 * 1024 * 1024),
    maxVideoBytes: Number(env.MEDIA_MAX_VIDEO_BYTES ?? 200 * 1024 * 1024),
    maxImagePixels: Number(env.MEDIA_MAX_IMAGE_PIXELS ?? 40_000_000),
    ownHostOnly: env.MEDIA_OWN_HOST_ONLY === '1',
    s3,
  });
}
