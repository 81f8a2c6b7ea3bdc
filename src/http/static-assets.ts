import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serving half of static assets (the build half is scripts/versioned-assets.ts): files built
 * ahead of time under content-hashed names with brotli and gzip copies, read once into memory.
 * Nothing is compiled or compressed while a request waits.
 */
export interface BuiltAsset {
  /** The versioned file name (immutable URL). */
  file: string;
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The assets listed in `dir`/assets.json by their unversioned names; throws when the folder was never built. */
export function loadBuiltAssets(dir: string): Map<string, BuiltAsset> {
  const manifest = JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8')) as Record<string, { file: string; type: string }>;
  const assets = new Map<string, BuiltAsset>();
  for (const [name, { file, type }] of Object.entries(manifest)) {
    const hash = /\.([0-9a-f]{8,})\.[^.]+$/.exec(file)?.[1] ?? file;
    assets.set(name, {
      file,
      type,
      etag: `"${hash}"`,
      identity: readFileSync(join(dir, file)),
      br: readFileSync(join(dir, `${file}.br`)),
      gzip: readFileSync(join(dir, `${file}.gz`)),
    });
  }
  return assets;
}

/** The best encoding the client accepts: brotli, then gzip, then none (q=0 refuses one). */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

/** Sends a built asset in the best accepted encoding, with its ETag (304 on a match). */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: BuiltAsset, cacheControl: string) {
  reply.header('cache-control', cacheControl).header('etag', asset.etag).header('vary', 'accept-encoding').type(asset.type);
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.identity);
}
