import type { Redis } from 'ioredis';
import { lazyRequire } from '../lib/lazy.ts';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');
import type { FastifyBaseLogger } from 'fastify';

/**
 * Token buckets per authenticated credential (spec README §2 PROPOSAL: 10 requests/s
 * sustained, burst 40, then code 8 with Retry-After). Keyed after authentication, so nobody
 * can spend another shop's budget by sending its public token with a bad signature.
 * In memory per process by default; shared by every API process through Redis when
 * REDIS_URL is set.
 */
export interface RateLimiter {
  /** Takes one token; resolves 0 when allowed, else the whole seconds to wait. */
  take(key: string, nowMs: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  async take(key: string, nowMs: number): Promise<number> {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: nowMs };
    const refilled = Math.min(this.burst, bucket.tokens + ((Math.max(0, nowMs - bucket.updatedAt)) / 1000) * this.ratePerSecond);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, updatedAt: nowMs });
      return Math.max(1, Math.ceil((1 - refilled) / this.ratePerSecond));
    }
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.evictFull(nowMs);
    this.buckets.set(key, { tokens: refilled - 1, updatedAt: nowMs });
    return 0;
  }

  async close(): Promise<void> {}

  /** Drops buckets that have refilled completely (they hold no information). */
  private evictFull(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.updatedAt) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

// The same bucket arithmetic as MemoryRateLimiter, atomically in Redis.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1]); local burst = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(b[1]) or burst
local updated = tonumber(b[2]) or now
if now > updated then tokens = math.min(burst, tokens + (now - updated) / 1000 * rate) end
local wait = 0
if tokens < 1 then wait = math.max(1, math.ceil((1 - tokens) / rate)) else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait`;

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly keyPrefix: string,
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly log: FastifyBaseLogger,
  ) {
    // Commands wait for the first connection, but never longer than commandTimeout.
    this.redis = new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.redis.defineCommand('plauditTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis.on('error', () => {});
    // Until the first connection is up, requests wait briefly for it instead of skipping the limit.
    this.connected = new Promise((resolve) => {
      this.redis.once('ready', () => resolve());
      setTimeout(resolve, 3000).unref();
    });
  }

  private readonly connected: Promise<void>;

  async take(key: string, nowMs: number): Promise<number> {
    try {
      if (this.redis.status !== 'ready') await this.connected;
      const take = (this.redis as unknown as { plauditTake(k: string, ...a: (string | number)[]): Promise<number> }).plauditTake;
      return Number(await take.call(this.redis, `${this.keyPrefix}rl:${key}`, this.ratePerSecond, this.burst, nowMs));
    } catch (error) {
      // Redis trouble must not take the API down: let the request through and say so.
      this.log.warn({ err: error }, 'rate limiter unavailable; request allowed');
      return 0;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
