/** A token bucket: `take(n)` either takes n tokens or says how long until it could. */
export interface TokenBucket {
  /** Takes `n` tokens; returns 0 on success, else the milliseconds until `n` tokens will be there (nothing taken). */
  take(n: number): number;
}

/**
 * Creates a bucket refilled at `ratePerSecond` up to `burst` tokens (per connection by default: 50/s, burst
 * 100). A rate of 0 turns limiting off. `now` is injectable for tests.
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

/** Token buckets by key (a token id or a remote address), created on first use. */
export interface KeyedRateLimiter {
  /** Takes one token from `key`'s bucket: 0 when allowed, else milliseconds until it would be. */
  take(key: string): number;
  /** Number of keys tracked (idle full buckets are forgotten). */
  size(): number;
}

/** Creates a keyed limiter of `perMinute` calls per key (burst = perMinute); 0 turns it off. */
export function createKeyedRateLimiter(perMinute: number, now: () => number = () => performance.now()): KeyedRateLimiter {
  const buckets = new Map<string, { bucket: TokenBucket; last: number }>();
  let swept = now();
  return {
    take(key) {
      if (perMinute <= 0) return 0;
      const t = now();
      // A bucket idle for a full minute is full again: forget it so the map cannot grow without bound.
      if (t - swept > 10_000) {
        swept = t;
        for (const [k, v] of buckets) if (t - v.last > 60_000) buckets.delete(k);
      }
      let entry = buckets.get(key);
      if (!entry) {
        entry = { bucket: createTokenBucket(perMinute / 60, perMinute, now), last: t };
        buckets.set(key, entry);
      }
      entry.last = t;
      return entry.bucket.take(1);
    },
    size: () => buckets.size,
  };
}
