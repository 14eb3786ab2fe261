/** A push-fed async iterable: producers push, end or fail; one consumer iterates. */
export interface AsyncQueue<T> extends AsyncIterable<T> {
  push(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

/** Creates an unbounded queue whose iterator waits for the next pushed value (values pushed earlier are kept). */
export function createAsyncQueue<T>(): AsyncQueue<T> {
  const buffer: T[] = [];
  let done = false;
  let error: unknown = undefined;
  let failed = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    push(value) {
      if (done) return;
      buffer.push(value);
      signal();
    },
    end() {
      done = true;
      signal();
    },
    fail(err) {
      if (done) return;
      done = true;
      failed = true;
      error = err;
      signal();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (buffer.length > 0) {
          yield buffer.shift() as T;
          continue;
        }
        if (done) {
          if (failed) throw error;
          return;
        }
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    },
  };
}
