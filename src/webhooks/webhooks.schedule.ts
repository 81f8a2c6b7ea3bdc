/**
 * The retry schedule (spec webhooks.md §3.1): at most 10 attempts; the n-th retry waits
 * 3·n minutes after the previous attempt, so the 10th attempt comes about 135 minutes
 * after the first. Each wait gets up to 10% of random jitter so that a receiver that
 * comes back is not hit by every queued retry in the same second.
 */
export const MAX_ATTEMPTS = 10;
export const RETRY_STEP_MS = 3 * 60_000;
export const JITTER_FRACTION = 0.1;
/** A Retry-After can postpone the next attempt up to this much; it never brings it forward. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** A subscription is disabled after this many deliveries in a row were dropped (spec webhooks.md §3.2). */
export const DISABLE_AFTER_DROPPED = 100;

/** The wait before the next attempt, after `attemptsMade` failed attempts (1-9). */
export function retryDelay(attemptsMade: number, random: () => number = Math.random): number {
  const base = attemptsMade * RETRY_STEP_MS;
  return base + Math.floor(random() * base * JITTER_FRACTION);
}

export function nextAttemptAt(attemptStartedAt: number, attemptsMade: number, retryAfterMs: number | null, random?: () => number): number {
  const scheduled = retryDelay(attemptsMade, random);
  const requested = retryAfterMs === null ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return attemptStartedAt + Math.max(scheduled, requested);
}
