import { AppError } from '../../shared/index.ts';

/**
 * Serialises work per key (chat session) in arrival order. At most `maxWaiting` calls may wait
 * behind the running one; more → RATE_LIMITED, nothing runs.
 */
export interface KeyedQueue {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Rejects every waiting call of `key` with CANCELLED (session cleared, persona deleted). */
  cancelWaiting(key: string, reason: string): void;
  waiting(key: string): number;
  /** Resolves when everything queued so far (on every key) has finished. */
  drain(): Promise<void>;
}

/** Creates a keyed queue. */
export function createKeyedQueue(maxWaiting: number): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  const pending = new Map<string, Set<(err: Error) => void>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const waiters = pending.get(key) ?? new Set();
      const busy = tails.has(key);
      if (busy && maxWaiting > 0 && waiters.size >= maxWaiting) {
        return Promise.reject(new AppError('RATE_LIMITED', `Too many chats queued on this session (max ${maxWaiting} waiting)`, { retryAfterMs: 1000 }));
      }
      const prev = tails.get(key) ?? Promise.resolve();
      let cancel!: (err: Error) => void;
      const cancelled = new Promise<never>((_, reject) => { cancel = reject; });
      cancelled.catch(() => undefined);
      waiters.add(cancel);
      pending.set(key, waiters);
      const result = Promise.race([prev.catch(() => undefined), cancelled]).then(() => {
        waiters.delete(cancel);
        return work();
      }, (err: Error) => {
        waiters.delete(cancel);
        throw err;
      });
      const tail = result.catch(() => undefined).finally(() => {
        if (tails.get(key) === tail) tails.delete(key);
        if (waiters.size === 0) pending.delete(key);
      });
      tails.set(key, tail);
      return result;
    },
    cancelWaiting(key, reason) {
      for (const cancel of pending.get(key) ?? []) cancel(new AppError('CANCELLED', `Queued chat dropped: ${reason}`));
    },
    waiting: (key) => pending.get(key)?.size ?? 0,
    async drain() {
      while (tails.size) await Promise.all([...tails.values()]);
    },
  };
}
