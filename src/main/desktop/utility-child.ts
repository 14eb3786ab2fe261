// Adapts an Electron utility process to the host's ChildHandle (src/main/host/launcher.ts). Kept
// free of electron imports so it runs under plain Node tests with a fake process.
import type { Readable } from 'node:stream';
import type { ChildHandle } from '../host/launcher.ts';

/** The part of Electron's UtilityProcess the adapter uses. */
export interface UtilityProcessLike {
  /** Undefined until the process has spawned and again after it exited. */
  readonly pid: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Options of the adapter. */
export interface UtilityChildOptions {
  /** How long a child may take to stop after a `shutdown` message before it is killed. */
  graceMs?: number;
}

const GRACEFUL: ReadonlySet<NodeJS.Signals> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);

/**
 * Wraps `child` as a ChildHandle. Utility processes cannot receive signals, so a graceful
 * kill (SIGTERM/SIGINT) sends the `shutdown` message and kills only after `graceMs`; SIGKILL
 * kills at once. Exit is reported once: `(0, null)` for a clean exit, `(null, signal)` when
 * the exit follows a kill request, else the exit code.
 */
export function adaptUtilityProcess(child: UtilityProcessLike, options: UtilityChildOptions = {}): ChildHandle {
  const graceMs = options.graceMs ?? 5_000;
  let exited = false;
  let pid: number | null = child.pid ?? null;
  let requested: NodeJS.Signals | null = null;
  let graceTimer: NodeJS.Timeout | null = null;
  const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  const messageListeners = new Set<(message: unknown) => void>();

  child.on('spawn', () => {
    pid = child.pid ?? pid;
  });
  child.on('message', (message) => {
    for (const listener of [...messageListeners]) listener(message);
  });
  child.on('exit', (code) => {
    if (exited) return;
    exited = true;
    if (graceTimer) clearTimeout(graceTimer);
    const signal = requested !== null && code !== 0 ? requested : null;
    for (const listener of exitListeners) listener(signal ? null : code, signal);
  });

  const send = (message: unknown): boolean => {
    if (exited) return false;
    try {
      child.postMessage(message);
      return true;
    } catch {
      return false;
    }
  };

  return {
    get pid() {
      return exited ? pid : (child.pid ?? pid);
    },
    stdout: child.stdout,
    stderr: child.stderr,
    send,
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill(signal = 'SIGTERM') {
      if (exited) return;
      requested = signal;
      if (GRACEFUL.has(signal) && send({ type: 'shutdown' })) {
        graceTimer ??= setTimeout(() => {
          if (!exited) child.kill();
        }, graceMs);
        graceTimer.unref?.();
        return;
      }
      child.kill();
    },
  };
}
