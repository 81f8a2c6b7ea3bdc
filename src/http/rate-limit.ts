/**
 * Token buckets per authenticated credential (spec README §2 PROPOSAL: 10 requests/s
 * sustained, burst 40, then code 8 with Retry-After). Keyed after authentication, so nobody
 * can spend another shop's budget by sending its public token with a bad signature.
 * In memory, per process: with several API processes each grants the full rate.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the whole seconds to wait. */
  take(key: string, nowMs: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: nowMs };
    const refilled = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.updatedAt) / 1000) * this.ratePerSecond);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, updatedAt: nowMs });
      return Math.max(1, Math.ceil((1 - refilled) / this.ratePerSecond));
    }
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.evictFull(nowMs);
    this.buckets.set(key, { tokens: refilled - 1, updatedAt: nowMs });
    return 0;
  }

  /** Drops buckets that have refilled completely (they hold no information). */
  private evictFull(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.updatedAt) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
