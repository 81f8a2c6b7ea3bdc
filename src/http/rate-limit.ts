import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.ts';
import type { SharedRedis } from '../lib/redis.ts';

/** A token bucket: `burst` requests at once, refilled at `ratePerSecond`. */
export interface RateRule {
  ratePerSecond: number;
  burst: number;
}

/**
 * The one rate-limit abstraction (partner API per credential, storefront per address and route).
 * In memory per process by default; shared by every API process through Redis when REDIS_URL is
 * set. Failure policy: when Redis cannot be reached the request is let through and a warning is
 * logged (a Redis outage must not take the API down).
 */
export interface RateLimiter {
  /** Takes one token; resolves 0 when allowed, else the whole seconds to wait. */
  take(key: string, rule: RateRule, nowMs: number): Promise<number>;
}

export function createRateLimiter(redis: SharedRedis | null): RateLimiter {
  return redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter();
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, rule: RateRule, nowMs: number): Promise<number> {
    const bucket = this.buckets.get(key) ?? { tokens: rule.burst, updatedAt: nowMs };
    const refilled = Math.min(rule.burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedAt) / 1000) * rule.ratePerSecond);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, updatedAt: nowMs });
      return Math.max(1, Math.ceil((1 - refilled) / rule.ratePerSecond));
    }
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.evictOldest();
    this.buckets.set(key, { tokens: refilled - 1, updatedAt: nowMs });
    return 0;
  }

  /** Drops the least recently updated tenth of the buckets (Map order is insertion order). */
  private evictOldest(): void {
    let drop = Math.ceil(this.maxKeys / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
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

type WithTake = { plauditTake(key: string, ...args: (string | number)[]): Promise<number> };

export class RedisRateLimiter implements RateLimiter {
  private readonly defined = new WeakSet<object>();

  constructor(private readonly redis: SharedRedis) {}

  async take(key: string, rule: RateRule, nowMs: number): Promise<number> {
    try {
      const client = await this.redis.client();
      if (!client) {
        this.redis.warn('rate limits not applied: Redis is unreachable; requests are let through');
        return 0;
      }
      if (!this.defined.has(client)) {
        client.defineCommand('plauditTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
        this.defined.add(client);
      }
      return Number(await (client as unknown as WithTake).plauditTake(`${this.redis.keyPrefix}rl:${key}`, rule.ratePerSecond, rule.burst, nowMs));
    } catch (error) {
      this.redis.warn('rate limits not applied: Redis is unreachable; requests are let through', error);
      return 0;
    }
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests per minute per client address on this route (storefront writes); HTTP 429, code 8 beyond it. */
    perAddressPerMinute?: number;
  }
}

/** Applies each route's `perAddressPerMinute` through the app's rate limiter (one bucket per route and address). */
export function limitPerAddress(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const perMinute = request.routeOptions.config.perAddressPerMinute;
    if (!perMinute) return;
    const rule = { ratePerSecond: perMinute / 60, burst: perMinute };
    const wait = await app.rateLimiter.take(`ip:${request.routeOptions.url}:${request.ip}`, rule, app.clock.now());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError('resource_exhausted', `rate limit exceeded: retry in ${wait} seconds`, 429);
    }
  });
}
