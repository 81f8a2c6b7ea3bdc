import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/**
 * Writes a stream into a new file. When the source fails, this settles only after the file's
 * stream has closed: a failure while the file is still being opened would otherwise let the
 * caller remove the path first, and the open would then leave the file behind.
 */
export async function writeStreamToFile(source: NodeJS.ReadableStream, path: string): Promise<void> {
  const file = createWriteStream(path);
  try {
    await pipeline(source, file);
  } catch (error) {
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    throw error;
  }
}
