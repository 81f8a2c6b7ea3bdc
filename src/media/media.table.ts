import type { Generated, Insertable, Selectable } from 'kysely';

/** One uploaded object (image or video). Files whose row is not `stored` are never served. */
export interface MediaUploadsTable {
  id: Generated<number>;
  shop_id: number;
  /** Storage key, e.g. `12/2026/6/1/photo.jpeg`; the public URL is `<MEDIA_PUBLIC_URL>/<key>`. */
  object_key: string;
  kind: 'image' | 'video';
  /** uploading: bytes on their way; pending: a presigned S3 video not yet verified; stored: servable. */
  status: 'uploading' | 'pending' | 'stored';
  content_type: string;
  size: number;
  etag: string;
  /** SHA-256 of a one-time video upload token. */
  upload_token_hash: string | null;
  expires_at: number | null;
  /** When a review first referenced it; null uploads are removed after 24 hours. */
  referenced_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Background removal of a deleted review's files. */
export interface MediaDeletionsTable {
  id: Generated<number>;
  shop_id: number;
  object_key: string;
  run_at: number;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: number;
}

export type MediaUploadRow = Selectable<MediaUploadsTable>;
export type NewMediaUploadRow = Insertable<MediaUploadsTable>;
