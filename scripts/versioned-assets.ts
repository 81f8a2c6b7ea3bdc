// Build-time half of static asset serving (the server half is src/http/static-assets.ts): each
// asset is written under a content-hashed name with its brotli and gzip copies beside it, and
// listed in the folder's assets.json. The widget uses it; the console's build should too.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const MANIFEST = 'assets.json';

export interface ManifestEntry {
  /** The versioned file name, e.g. plaudit.3f2a1b9c0d.js. */
  file: string;
  type: string;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Writes `name` as name.<hash>.ext plus .br and .gz, and records it in the manifest. */
export function writeVersionedAsset(dir: string, name: string, contents: Uint8Array): ManifestEntry {
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 12);
  const ext = extname(name);
  const file = `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
  const brotli = brotliCompressSync(contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: contents.length } });
  const gzip = gzipSync(contents, { level: 9 });
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, file), contents);
  writeAtomically(join(dir, `${file}.br`), brotli);
  writeAtomically(join(dir, `${file}.gz`), gzip);
  const entry = { file, type: TYPES[ext] ?? 'application/octet-stream', bytes: contents.length, brotliBytes: brotli.length, gzipBytes: gzip.length };
  const manifestPath = join(dir, MANIFEST);
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>) : {};
  manifest[name] = entry;
  writeAtomically(manifestPath, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  return entry;
}

/** Written aside and renamed, so a server reading the file never sees half of it. */
function writeAtomically(path: string, contents: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}
