import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/errors.ts';
import type { RateRule } from '../http/rate-limit.ts';

/** Sign-in attempts per client IP: a burst of 30, then one more every 30 seconds (every account, every form). */
export const SIGN_IN_IP_BURST = 30;
export const SIGN_IN_IP_PER_SECOND = 1 / 30;
const SIGN_IN_RULE: RateRule = { ratePerSecond: SIGN_IN_IP_PER_SECOND, burst: SIGN_IN_IP_BURST };

/**
 * Throws code 8 (with the wait in seconds) when this IP has used its sign-in attempts. Counted by
 * the app's one rate limiter, so every API process shares it through Redis when REDIS_URL is set.
 */
export async function takeSignInAttempt(app: FastifyInstance, ip: string): Promise<void> {
  const wait = await app.rateLimiter.take(`signin:${ip}`, SIGN_IN_RULE, app.clock.now());
  if (wait > 0) throw new ApiError('resource_exhausted', `too many sign-in attempts from this address; retry after ${wait} s`);
}
