import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../../src/services/mcp/rate-limiter.ts';

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
