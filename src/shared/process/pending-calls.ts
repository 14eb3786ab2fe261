// Calls sent to another process and answered later by id (host requests from a child, job actions
// the host relays to the job owner): each waits for its answer, a deadline, or the link closing.

/** How a pending call is sent and what it fails with when it cannot be sent or times out. */
export interface PendingCallSpec<M> {
  /** What the call is about (kept for its answer and its errors). */
  meta: M;
  timeoutMs: number;
  /** Sends the call under `id`; false when it could not be sent (the call then fails with `unsent`). */
  send(id: string): boolean;
  timeoutError(meta: M): Error;
  unsentError?(meta: M): Error;
}

/** The calls waiting for an answer on one link. */
export interface PendingCalls<M> {
  /** Sends a call and resolves with its answer (as `settle` makes it), or rejects on timeout or when unsent. */
  open(spec: PendingCallSpec<M>): Promise<unknown>;
  /** Answers call `id` (unknown ids are ignored): resolves with `answer(meta)`, or rejects with what it throws. */
  settle(id: string, answer: (meta: M) => unknown): void;
  /** Fails every waiting call (the link closed, the peer went away). */
  failAll(error: (meta: M) => Error): void;
}

/** Creates an empty set of pending calls. */
export function createPendingCalls<M>(): PendingCalls<M> {
  const pending = new Map<string, { meta: M; resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  const take = (id: string) => {
    const entry = pending.get(id);
    if (entry) {
      pending.delete(id);
      clearTimeout(entry.timer);
    }
    return entry;
  };
  return {
    open(spec) {
      const id = globalThis.crypto.randomUUID();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(spec.timeoutError(spec.meta));
        }, spec.timeoutMs);
        pending.set(id, { meta: spec.meta, resolve, reject, timer });
        if (!spec.send(id)) {
          take(id);
          reject((spec.unsentError ?? spec.timeoutError)(spec.meta));
        }
      });
    },
    settle(id, answer) {
      const entry = take(id);
      if (!entry) return;
      try {
        entry.resolve(answer(entry.meta));
      } catch (err) {
        entry.reject(err as Error);
      }
    },
    failAll(error) {
      for (const id of [...pending.keys()]) {
        const entry = take(id);
        if (entry) entry.reject(error(entry.meta));
      }
    },
  };
}
