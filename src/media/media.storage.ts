import { join } from 'node:path';
import type { MediaConfig } from './media.config.ts';
import type { MediaStorage } from './media.storage-interface.ts';
import { LocalStorage } from './media.storage-local.ts';
import { S3Storage } from './media.storage-s3.ts';

export type { ByteRange, MediaStorage } from './media.storage-interface.ts';

/** Local disk under DATA_DIR/media, or S3 when S3_BUCKET is set. */
export function createMediaStorage(config: { dataDir: string; media: Pick<MediaConfig, 's3'> }): MediaStorage {
  const tmpDir = join(config.dataDir, 'media-tmp');
  return config.media.s3 ? new S3Storage(config.media.s3, tmpDir) : new LocalStorage(join(config.dataDir, 'media'), tmpDir);
}
