// A deadline for one operation (protocol.md §1.3: non-LLM methods time out after limits.method_timeout_ms).
import { AppError } from '../../shared/index.ts';

/**
 * Runs `run` with a deadline: TIMEOUT when it passes (the operation's signal is aborted too); 0 = none.
 * One controller is fed by the outer signal: AbortSignal.any costs several µs per request on the hot path.
 */
export async function withDeadline<T>(ms: number, outer: AbortSignal, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) return run(outer);
  const controller = new AbortController();
  const forward = () => controller.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new AppError('TIMEOUT', `The operation exceeded its ${ms} ms deadline`, { details: { timeout_ms: ms } });
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', forward);
  }
}
