import { describe, expect, it } from 'vitest';
import { createKeyedRateLimiter, createTokenBucket } from '../../../../src/core/index.ts';

describe('token bucket', () => {
  it('allows the burst, then refills at the rate', () => {
    let t = 0;
    const b = createTokenBucket(50, 100, () => t);
    expect(b.take(100)).toBe(0);
    expect(b.take(1)).toBe(20);
    t = 20;
    expect(b.take(1)).toBe(0);
    expect(b.take(1)).toBe(20);
  });

  it('takes nothing when it refuses', () => {
    let t = 0;
    const b = createTokenBucket(10, 5, () => t);
    expect(b.take(4)).toBe(0);
    expect(b.take(3)).toBe(200);
    expect(b.take(1)).toBe(0);
    t = 1000;
    expect(b.take(5)).toBe(0);
  });

  it('never holds more than the burst', () => {
    let t = 0;
    const b = createTokenBucket(50, 100, () => t);
    t = 60_000;
    expect(b.take(100)).toBe(0);
    expect(b.take(1)).toBeGreaterThan(0);
  });

  it('is off at rate 0', () => {
    const b = createTokenBucket(0, 0, () => 0);
    for (let i = 0; i < 1000; i++) expect(b.take(50)).toBe(0);
  });
});

describe('keyed rate limiter', () => {
  it('gives every key its own per-minute budget and forgets idle keys', () => {
    let t = 0;
    const limiter = createKeyedRateLimiter(2, () => t);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(30_000);
    expect(limiter.take('b')).toBe(0);
    t = 30_000;
    expect(limiter.take('a')).toBe(0);
    t = 200_000;
    limiter.take('c');
    expect(limiter.size()).toBe(1);
    expect(createKeyedRateLimiter(0).take('x')).toBe(0);
  });
});
