/** A token bucket: `take(n)` either takes n tokens or says how long until it could. */
export interface TokenBucket {
  /** Takes `n` tokens; returns 0 on success, else the milliseconds until `n` tokens will be there (nothing taken). */
  take(n: number): number;
}

/**
 * Creates a bucket refilled at `ratePerSecond` up to `burst` tokens (protocol.md §1.3: 50/s, burst 100).
 * A rate of 0 turns limiting off. `now` is injectable for tests.
 */
export function createTokenBucket(ratePerSecond: number, burst: number, now: () => number = () => performance.now()): TokenBucket {
  if (ratePerSecond <= 0) return { take: () => 0 };
  const capacity = Math.max(1, burst);
  let tokens = capacity;
  let last = now();
  return {
    take(n) {
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens >= n) {
        tokens -= n;
        return 0;
      }
      // A request larger than the bucket can never pass at once: report the time to a full bucket.
      const missing = Math.min(n, capacity) - tokens;
      return Math.max(1, Math.ceil((missing / ratePerSecond) * 1000));
    },
  };
}
