import { describe, expect, it } from 'vitest';
import { createLoopGuard, createRateLimitRetryPolicy, createReplyRateLimiter, withRetry } from '../../../../src/services/bot/index.ts';

describe('rate-limit retry policy', () => {
  const policy = createRateLimitRetryPolicy({ maxAttempts: 3, baseMs: 100 });
  it('waits retry_after_ms on M_LIMIT_EXCEEDED, backs off on network errors and 5xx, gives up otherwise', () => {
    expect(policy.delayFor({ status: 429, errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: 1234 }, 1)).toBe(1234);
    expect(policy.delayFor({ status: 429 }, 2)).toBe(200);
    expect(policy.delayFor({}, 1)).toBe(100);
    expect(policy.delayFor({ status: 502 }, 2)).toBe(200);
    expect(policy.delayFor({ status: 403, errcode: 'M_FORBIDDEN' }, 1)).toBeNull();
    expect(policy.delayFor({ status: 429, retryAfterMs: 5 }, 3)).toBeNull();
  });
  it('withRetry retries until success with the policy delays', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(policy, (e) => e as { status: number; retryAfterMs: number }, async () => {
      calls += 1;
      if (calls < 3) throw { status: 429, retryAfterMs: 50 * calls };
      return 'sent';
    }, async (ms) => { waits.push(ms); });
    expect(result).toBe('sent');
    expect(waits).toEqual([50, 100]);
  });
  it('withRetry rethrows when the policy gives up', async () => {
    await expect(withRetry(policy, () => ({ status: 400 }), () => Promise.reject(new Error('bad')), async () => undefined)).rejects.toThrow('bad');
  });
});

describe('reply rate limiter', () => {
  it('allows max_replies_per_minute per room in a sliding minute', () => {
    let t = 0;
    const limiter = createReplyRateLimiter(2, () => t);
    expect([limiter.tryTake('!a'), limiter.tryTake('!a'), limiter.tryTake('!a'), limiter.tryTake('!b')]).toEqual([true, true, false, true]);
    t = 59_999;
    expect(limiter.tryTake('!a')).toBe(false);
    t = 60_000;
    expect(limiter.tryTake('!a')).toBe(true);
  });
});

describe('loop guard', () => {
  it('blocks bot messages after max_bot_chain in a row until a person speaks', () => {
    const guard = createLoopGuard({ selfId: '@aria:x', knownBots: ['@kira:x'], maxBotChain: 2 });
    guard.observe('!r', '$1', '@bob:x');
    guard.observe('!r', '$2', '@aria:x');
    expect(guard.blocked('!r')).toBe(false);
    guard.observe('!r', '$3', '@kira:x');
    expect(guard.blocked('!r')).toBe(true);
    guard.observe('!r', '$3', '@kira:x');
    guard.observe('!r', '$4', '@bob:x');
    expect(guard.blocked('!r')).toBe(false);
    expect(guard.isBot('@kira:x')).toBe(true);
    expect(guard.isBot('@bob:x')).toBe(false);
  });
  it('counts each event once and holds a cooldown after answering a bot', () => {
    let t = 0;
    const guard = createLoopGuard({ selfId: '@aria:x', knownBots: ['@kira:x'], maxBotChain: 5, cooldownMs: 1000, now: () => t });
    guard.observe('!r', '$1', '@kira:x');
    guard.observe('!r', '$1', '@kira:x');
    guard.answeredBot('!r');
    expect(guard.blocked('!r')).toBe(true);
    t = 1000;
    expect(guard.blocked('!r')).toBe(false);
  });
});
