import type { Redis } from 'ioredis';
import { lazyRequire } from './lazy.ts';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');

/** How long the first use waits for the first connection (later, an unreachable Redis fails at once). */
const FIRST_CONNECT_WAIT_MS = 3000;
const COMMAND_TIMEOUT_MS = 1000;

export interface WarnLog {
  warn(fields: object, message: string): void;
}

/**
 * The one Redis client of a process, created on first use from REDIS_URL. Every user (rate
 * limits, replay guard) asks `client()` and applies its own documented policy when it gets null:
 * Redis being down never fails a request by itself.
 */
export class SharedRedis {
  private redis: Redis | null = null;
  private firstReady: Promise<void> | null = null;
  private readonly lastWarned = new Map<string, number>();

  constructor(
    private readonly url: string,
    readonly keyPrefix: string,
    private readonly log: WarnLog,
  ) {}

  /** The connected client, or null when Redis cannot be reached right now. */
  async client(): Promise<Redis | null> {
    const redis = this.open();
    if (redis.status === 'ready') return redis;
    if (this.firstReady) await this.firstReady;
    return (redis.status as string) === 'ready' ? redis : null;
  }

  /** One warning per reason every 30 s: an outage must show in the logs without flooding them. */
  warn(reason: string, error?: unknown): void {
    const now = Date.now();
    if (now - (this.lastWarned.get(reason) ?? -Infinity) < 30_000) return;
    this.lastWarned.set(reason, now);
    this.log.warn({ err: error instanceof Error ? { message: error.message } : undefined, redis: redactRedisUrl(this.url) }, reason);
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
    this.redis = null;
  }

  private open(): Redis {
    if (this.redis) return this.redis;
    const redis = new (ioredis().Redis)(this.url, {
      // No queue while disconnected: a command fails at once and its caller applies its policy.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: FIRST_CONNECT_WAIT_MS,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    redis.on('error', () => {});
    this.firstReady = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        redis.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      timer.unref();
      redis.once('ready', done);
      redis.once('error', done);
    });
    this.redis = redis;
    return redis;
  }
}

/** The URL without its password, for log lines. */
export const redactRedisUrl = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//[redacted]@');
