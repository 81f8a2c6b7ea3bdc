import { createReadStream, mkdirSync } from 'node:fs';
import { rename, rm, stat, mkdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, MediaStorage } from './media.storage-interface.ts';

/** Files under DATA_DIR/media, one file per key. */
export class LocalStorage implements MediaStorage {
  readonly kind = 'local';

  constructor(
    private readonly root: string,
    readonly tmpDir: string,
  ) {
    mkdirSync(root, { recursive: true });
    mkdirSync(tmpDir, { recursive: true });
  }

  /** Keys are checked before they get here; this is the last guard against leaving the root. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`key outside the storage root: ${key}`);
    return path;
  }

  async putFile(key: string, path: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await rename(path, target);
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    const path = this.pathOf(key);
    if ((await this.size(key)) === null) return null;
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : null;
    } catch {
      return null;
    }
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) await rm(this.pathOf(key), { force: true });
  }
}
