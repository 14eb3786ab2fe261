// Retry and message-handling policies as small objects (after matrix-bot-sdk):
// rate-limit retries of sends, replies per room and minute, and the bot-to-bot loop guard.
import { botChainExceeded } from '../../core/index.ts';

/** A failed homeserver call as the policies see it. */
export interface CallFailure {
  status?: number;
  errcode?: string;
  retryAfterMs?: number | null;
}

/** Decides whether and when a failed call is tried again. */
export interface RetryPolicy {
  /** Milliseconds to wait before attempt `attempt + 1` (attempt counts from 1), or null to give up. */
  delayFor(failure: CallFailure, attempt: number): number | null;
}

/**
 * Retries `M_LIMIT_EXCEEDED`/429 after the server's `retry_after_ms` (else a doubling delay), and
 * network failures or 5xx with a doubling delay; gives up after `maxAttempts` or on other errors.
 */
export function createRateLimitRetryPolicy(options: { maxAttempts?: number; baseMs?: number; maxDelayMs?: number } = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseMs = options.baseMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  return {
    delayFor(f, attempt) {
      if (attempt >= maxAttempts) return null;
      const backoff = Math.min(maxDelayMs, baseMs * 2 ** (attempt - 1));
      if (f.errcode === 'M_LIMIT_EXCEEDED' || f.status === 429) return Math.min(maxDelayMs, f.retryAfterMs ?? backoff);
      if (f.status === undefined || f.status === 0 || f.status >= 500) return backoff;
      return null;
    },
  };
}

/** Runs `fn` until it succeeds or `policy` gives up; `toFailure` reads an error. */
export async function withRetry<T>(policy: RetryPolicy, toFailure: (err: unknown) => CallFailure, fn: () => Promise<T>, sleep = defaultSleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      const delay = policy.delayFor(toFailure(err), attempt);
      if (delay === null) throw err;
      await sleep(delay);
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Replies per room within a sliding minute (`max_replies_per_minute`). */
export interface ReplyRateLimiter {
  /** True (and counted) when one more reply in `roomId` is allowed now. */
  tryTake(roomId: string): boolean;
}

/** A sliding-window limiter of `perMinute` replies per room. */
export function createReplyRateLimiter(perMinute: number, now: () => number = Date.now): ReplyRateLimiter {
  const sent = new Map<string, number[]>();
  return {
    tryTake(roomId) {
      const t = now();
      const recent = (sent.get(roomId) ?? []).filter((at) => t - at < 60_000);
      if (recent.length >= perMinute) {
        sent.set(roomId, recent);
        return false;
      }
      recent.push(t);
      sent.set(roomId, recent);
      return true;
    },
  };
}

/** Loop prevention when several persona bots share a room. */
export interface LoopGuard {
  /** Records a message of `sender` in the room (each event once); bots extend the chain, people reset it. */
  observe(roomId: string, eventId: string, sender: string): void;
  isBot(userId: string): boolean;
  /** True when a bot's message may not be answered: the chain is exhausted or the room is cooling down. */
  blocked(roomId: string): boolean;
  /** Records that this bot answered another bot (starts the room's cooldown). */
  answeredBot(roomId: string): void;
}

/**
 * Counts consecutive messages of known bots (this bot included) per room; once `maxBotChain` are in
 * a row, bot messages are no longer answered until a person speaks. After answering a bot, further
 * bot messages in that room wait `cooldownMs`.
 */
export function createLoopGuard(options: { selfId: string; knownBots: readonly string[]; maxBotChain: number; cooldownMs?: number; now?: () => number }): LoopGuard {
  const bots = new Set([options.selfId, ...options.knownBots]);
  const chain = new Map<string, number>();
  const cooldownUntil = new Map<string, number>();
  const seen = new Set<string>();
  const now = options.now ?? Date.now;
  return {
    observe(roomId, eventId, sender) {
      if (seen.has(eventId)) return;
      seen.add(eventId);
      if (seen.size > 5000) seen.delete(seen.values().next().value as string);
      chain.set(roomId, bots.has(sender) ? (chain.get(roomId) ?? 0) + 1 : 0);
    },
    isBot: (userId) => bots.has(userId),
    blocked(roomId) {
      return botChainExceeded(chain.get(roomId) ?? 0, options.maxBotChain) || now() < (cooldownUntil.get(roomId) ?? 0);
    },
    answeredBot(roomId) {
      cooldownUntil.set(roomId, now() + (options.cooldownMs ?? 0));
    },
  };
}
