// A deadline for one operation (non-LLM methods time out after limits.method_timeout_ms).
import { AppError } from '../../shared/index.ts';

/**
 * Runs `run` with a deadline: TIMEOUT when it passes (the operation's signal is aborted too); 0 = none.
 * Given `abortOwn` (the caller owns `outer`'s controller and the abort does not suppress the reply),
 * the deadline aborts `outer` itself; otherwise one controller is fed by `outer` (AbortSignal.any
 * costs several µs per request on the hot path).
 */
export async function withDeadline<T>(
  ms: number, outer: AbortSignal, run: (signal: AbortSignal) => Promise<T>, abortOwn?: (reason: AppError) => void,
): Promise<T> {
  if (ms <= 0) return run(outer);
  let timer: NodeJS.Timeout | undefined;
  let signal = outer;
  let abort = abortOwn;
  let forward: (() => void) | undefined;
  if (!abort) {
    const controller = new AbortController();
    forward = () => controller.abort(outer.reason);
    if (outer.aborted) forward();
    else outer.addEventListener('abort', forward, { once: true });
    signal = controller.signal;
    abort = (reason) => controller.abort(reason);
  }
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new AppError('TIMEOUT', `The operation exceeded its ${ms} ms deadline`, { details: { timeout_ms: ms } });
      abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([run(signal), timeout]);
  } finally {
    clearTimeout(timer);
    if (forward) outer.removeEventListener('abort', forward);
  }
}
