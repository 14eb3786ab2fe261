// A deadline for one operation (non-LLM methods time out after limits.method_timeout_ms).
import { AppError } from '../../shared/index.ts';

/** How often pending deadlines are checked: a deadline fires at most this much after it passed. */
const DEADLINE_TICK_MS = 10;

/** A running call's deadline: when it passes, `fire` times the call out. */
interface Pending { at: number; fire: () => void }

// One shared timer checks every pending deadline (a timer per call costs µs on the hot path); it runs
// only while some call is pending, and it keeps the process alive as a per-call timer would.
const pending = new Set<Pending>();
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  const now = Date.now();
  // `fire` takes its entry out of the set (deleting while iterating a Set is safe).
  for (const p of pending) if (p.at <= now) p.fire();
  if (pending.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * Runs `run` with a deadline: TIMEOUT when it passes (the operation's signal is aborted too); 0 = none.
 * Given `abortOwn` (the caller owns `outer`'s controller and the abort does not suppress the reply),
 * the deadline aborts `outer` itself; otherwise one controller is fed by `outer` (AbortSignal.any
 * costs several µs per request on the hot path).
 */
export function withDeadline<T>(
  ms: number, outer: AbortSignal, run: (signal: AbortSignal) => Promise<T>, abortOwn?: (reason: AppError) => void,
): Promise<T> {
  if (ms <= 0) return run(outer);
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
  const timeOut = abort;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      pending.delete(entry);
      if (forward) outer.removeEventListener('abort', forward);
      return true;
    };
    const entry: Pending = {
      at: Date.now() + ms,
      fire: () => {
        if (!settle()) return;
        const err = new AppError('TIMEOUT', `The operation exceeded its ${ms} ms deadline`, { details: { timeout_ms: ms } });
        timeOut(err);
        reject(err);
      },
    };
    pending.add(entry);
    sweeper ??= setInterval(sweep, DEADLINE_TICK_MS);
    run(signal).then((value) => { if (settle()) resolve(value); }, (err: unknown) => { if (settle()) reject(err); });
  });
}
