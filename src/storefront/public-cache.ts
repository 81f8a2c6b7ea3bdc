import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock.ts';

interface Entry {
  shopId: number;
  json: string;
  etag: string;
  expires: number;
}

/**
 * A short-lived in-process cache of public read bodies. Storefront reads are public and
 * already cacheable for 60 s by browsers and CDNs, so serving the same body for a few
 * seconds changes nothing a shopper can see, and keeps repeated reads off the database.
 * The shop's entries are dropped when a review or vote arrives through the storefront.
 */
export class PublicReadCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.clock.now()) return entry;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  set(key: string, shopId: number, json: string): Entry {
    const entry = { shopId, json, etag: etagOf(json), expires: this.clock.now() + this.ttlMs };
    if (this.ttlMs <= 0) return entry;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }

  clearShop(shopId: number): void {
    for (const [key, entry] of this.entries) if (entry.shopId === shopId) this.entries.delete(key);
  }
}

export const etagOf = (text: string): string => `W/"${createHash('sha1').update(text).digest('base64url')}"`;

/** Sends a cached public read: ETag, Cache-Control, 304 on a matching If-None-Match, the envelope around the data. */
export function sendPublicRead(request: FastifyRequest, reply: FastifyReply, entry: { json: string; etag: string }) {
  reply.header('cache-control', 'public, max-age=60').header('etag', entry.etag);
  const match = request.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((tag) => tag.trim() === entry.etag)) return reply.code(304).send();
  const time = Math.floor(request.server.clock.now() / 1000);
  return reply.type('application/json; charset=utf-8').send(`{"code":0,"message":"success","time":${time},"request_id":"${request.id}","data":${entry.json}}`);
}
