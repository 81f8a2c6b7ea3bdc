import type { Readable } from 'node:stream';

/** An inclusive byte range, as in an HTTP `Range` header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live. Keys are validated before they get here (media.keys.ts);
 * every write comes from a finished temporary file, so a failed upload leaves nothing behind.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** Folder for temporary files (on the same disk as local storage, so moving is a rename). */
  readonly tmpDir: string;
  /** Moves (local) or uploads (S3) a finished file under `key`; the temporary file is gone afterwards. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** A stream of the object's bytes (or a range of them); null when there is no such object. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  /** The object's size, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  /** Removes objects; missing ones are ignored. */
  remove(keys: string[]): Promise<void>;
  /** S3 only: a presigned PUT URL for a direct upload. */
  presignPut?(key: string, contentType: string, expiresInSeconds: number): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mediaStorage: MediaStorage;
  }
}

declare module '../cli/command.ts' {
  interface CliContext {
    mediaStorage: MediaStorage;
  }
}
