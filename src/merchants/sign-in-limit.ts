import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/errors.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from '../http/rate-limit.ts';

/** Sign-in attempts per client IP: a burst of 30, then one more every 30 seconds (every account, every form). */
export const SIGN_IN_IP_BURST = 30;
export const SIGN_IN_IP_PER_SECOND = 1 / 30;

declare module 'fastify' {
  interface FastifyInstance {
    signInLimiter: RateLimiter;
  }
}

/** Shared by every API process through Redis when REDIS_URL is set, in memory otherwise. */
export function decorateSignInLimiter(app: FastifyInstance): void {
  const { config } = app;
  const limiter: RateLimiter = config.redisUrl
    ? new RedisRateLimiter(config.redisUrl, `${config.redisKeyPrefix}signin:`, SIGN_IN_IP_PER_SECOND, SIGN_IN_IP_BURST, app.log)
    : new MemoryRateLimiter(SIGN_IN_IP_PER_SECOND, SIGN_IN_IP_BURST);
  app.decorate('signInLimiter', limiter);
  app.addHook('onClose', () => limiter.close());
}

/** Throws code 8 (with the wait in seconds) when this IP has used its sign-in attempts. */
export async function takeSignInAttempt(app: FastifyInstance, ip: string): Promise<void> {
  const wait = await app.signInLimiter.take(ip, app.clock.now());
  if (wait > 0) throw new ApiError('resource_exhausted', `too many sign-in attempts from this address; retry after ${wait} s`);
}
