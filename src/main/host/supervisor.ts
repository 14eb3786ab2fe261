// One supervised child, the same for services and bots: start through
// the Launcher, race the `{type:'ready'}` handshake against a timeout, pipe output with a `[name]`
// prefix, restart unexpected exits with capped exponential backoff, give up after N crashes in a
// window and say so, stop with `shutdown` + SIGTERM and SIGKILL after a grace period.
import { ChildMessageSchema, type ChildMessage, type ChildState, type HostMessage } from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import type { ChildHandle, Launcher, LaunchSpec } from './launcher.ts';
import { pipeLines } from './line-pipe.ts';

const log = getLogger('host.supervisor');

/** When to consider a child failed and how to restart it. */
export interface RestartPolicy {
  /** How long a (re)started child may take to send `ready`; a miss counts as a crash. */
  readyTimeoutMs: number;
  /** First restart delay; doubles with every crash still inside the window. */
  backoffInitialMs: number;
  /** Longest restart delay. */
  backoffMaxMs: number;
  /** The supervisor gives up (state `failed`) at this many crashes within `crashWindowMs`. */
  maxCrashes: number;
  crashWindowMs: number;
  /** How long stop() waits after `shutdown` + SIGTERM before SIGKILL. */
  stopGraceMs: number;
}

/** Defaults: ready within 15 s, backoff 250 ms → 5 s, give up at 5 crashes per minute, 5 s grace. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  readyTimeoutMs: 15_000,
  backoffInitialMs: 250,
  backoffMaxMs: 5_000,
  maxCrashes: 5,
  crashWindowMs: 60_000,
  stopGraceMs: 5_000,
});

/** What the spec builder knows about the launch it builds. */
export interface LaunchContext {
  /** 0 for the first launch after start(), then 1, 2… for restarts. */
  attempt: number;
  /** The port the child reported in its last `ready`, so a restart can bind it again. */
  port: number | null;
}

/** Options of a ChildSupervisor. */
export interface ChildSupervisorOptions {
  /** Label of the child in logs and status (`mcp`, `api`, `bot:aria`). */
  name: string;
  launcher: Launcher;
  /** Builds the launch spec of each (re)start. */
  spec(context: LaunchContext): LaunchSpec;
  policy?: Partial<RestartPolicy>;
  /** Receives every output line of the child, already prefixed with `[name] `. Default: the host logger. */
  output?: (line: string) => void;
  /** Which message completes the handshake; default any `ready`. */
  isReady?: (message: Extract<ChildMessage, { type: 'ready' }>) => boolean;
}

/** A supervised child's state as the host reports it. */
export interface ChildStatus {
  name: string;
  state: ChildState;
  pid: number | null;
  /** Port from the last `ready` (services), else null. */
  port: number | null;
  /** How many times the child was relaunched after a crash since start(). */
  restarts: number;
  /** When the current run became ready (ISO), null when not running. */
  started_at: string | null;
  /** Why the child last crashed or failed, null when it never did. */
  last_error: string | null;
  /** How the last run ended, null when none has ended yet. */
  last_exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** Supervises one child; see the file comment. */
export interface ChildSupervisor {
  readonly name: string;
  /** Launches the child and resolves once it is `running`; rejects when it ends `failed` or stop() is called first. */
  start(): Promise<ChildStatus>;
  /** Stops the child (no restart) and resolves once it exited. Keeps `failed` if it had failed. */
  stop(): Promise<void>;
  /** Sends a message to the running child; false when there is none or its channel is closed. */
  send(message: HostMessage): boolean;
  status(): ChildStatus;
  /** Every state, pid or port change; returns the unsubscribe function. */
  onChange(listener: (status: ChildStatus) => void): () => void;
  /** Every valid message from the child (invalid ones are logged and dropped). */
  onMessage(listener: (message: ChildMessage) => void): () => void;
}

/** Describes how a child ended, for `last_error`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null, wasReady: boolean): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
  return wasReady ? how : `${how} before it was ready`;
}

/** Creates the supervisor of one child; nothing starts before start(). */
export function createChildSupervisor(options: ChildSupervisorOptions): ChildSupervisor {
  const policy: RestartPolicy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const { name } = options;
  const output = options.output ?? ((line: string) => log.info({ child: name }, line));
  const isReady = options.isReady ?? (() => true);
  const changeListeners = new Set<(status: ChildStatus) => void>();
  const messageListeners = new Set<(message: ChildMessage) => void>();

  let state: ChildState = 'stopped';
  let child: ChildHandle | null = null;
  let generation = 0;
  let wanted = false;
  let port: number | null = null;
  let restarts = 0;
  let attempt = 0;
  let startedAt: string | null = null;
  let lastError: string | null = null;
  let lastExit: ChildStatus['last_exit'] = null;
  let crashTimes: number[] = [];
  let readyTimer: NodeJS.Timeout | null = null;
  let backoffTimer: NodeJS.Timeout | null = null;
  let timeoutReason: string | null = null;
  let lastStderr = '';
  /** The child's own account of why it is ending (`fatal`), used for last_error instead of a log line. */
  let fatal: { error: string; retry: boolean } | null = null;
  /** The message of a `waiting` report, cleared once the child is ready. */
  let waitingDetail: string | null = null;
  let startWaiters: { resolve(s: ChildStatus): void; reject(e: Error): void }[] = [];
  let exitWaiters: (() => void)[] = [];

  const status = (): ChildStatus => ({
    name, state, pid: child?.pid ?? null, port, restarts, started_at: startedAt, last_error: lastError, last_exit: lastExit,
  });
  const emit = () => {
    const s = status();
    for (const l of [...changeListeners]) l(s);
  };
  const settleStart = (error: Error | null) => {
    const waiters = startWaiters;
    startWaiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve(status());
    }
  };
  const clearTimer = (t: NodeJS.Timeout | null) => {
    if (t) clearTimeout(t);
    return null;
  };

  const launch = () => {
    generation += 1;
    const gen = generation;
    state = 'starting';
    startedAt = null;
    timeoutReason = null;
    lastStderr = '';
    fatal = null;
    waitingDetail = null;
    let handle: ChildHandle;
    try {
      handle = options.launcher.launch(options.spec({ attempt, port }));
    } catch (err) {
      crash(`could not be launched: ${(err as Error).message}`, null);
      return;
    }
    attempt += 1;
    child = handle;
    pipeLines(handle.stdout, (line) => output(`[${name}] ${line}`));
    pipeLines(handle.stderr, (line) => {
      if (line.trim()) lastStderr = line;
      output(`[${name}] ${line}`);
    });
    handle.onMessage((raw) => {
      if (gen !== generation) return;
      const parsed = ChildMessageSchema.safeParse(raw);
      if (!parsed.success) {
        log.warn({ child: name, issues: parsed.error.issues.slice(0, 3) }, 'invalid message from child dropped');
        return;
      }
      const message = parsed.data;
      if (message.type === 'ready' && (state === 'starting' || state === 'waiting') && isReady(message)) onReady(message.port);
      if (message.type === 'waiting' && (state === 'starting' || state === 'waiting')) onWaiting(message.detail);
      if (message.type === 'fatal') fatal = { error: message.error, retry: message.retry };
      for (const l of [...messageListeners]) l(message);
    });
    handle.onExit((code, signal) => {
      if (gen === generation) onExit(code, signal);
    });
    readyTimer = setTimeout(() => {
      readyTimer = null;
      if (gen !== generation || state !== 'starting') return;
      timeoutReason = `did not report ready within ${policy.readyTimeoutMs} ms`;
      log.warn({ child: name, timeout_ms: policy.readyTimeoutMs }, 'child not ready in time; killing it');
      handle.kill('SIGKILL');
    }, policy.readyTimeoutMs);
    emit();
  };

  // Waiting for something outside (the homeserver) is no crash: no ready timeout while the child retries.
  const onWaiting = (detail: string) => {
    readyTimer = clearTimer(readyTimer);
    const changed = state !== 'waiting' || waitingDetail !== detail;
    state = 'waiting';
    waitingDetail = detail;
    lastError = detail;
    if (changed) emit();
  };

  const onReady = (reported: number | undefined) => {
    readyTimer = clearTimer(readyTimer);
    if (waitingDetail !== null && lastError === waitingDetail) lastError = null;
    waitingDetail = null;
    if (typeof reported === 'number' && reported > 0) port = reported;
    state = 'running';
    startedAt = new Date().toISOString();
    log.info({ child: name, pid: child?.pid ?? null, port, restarts }, 'child ready');
    emit();
    settleStart(null);
  };

  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    readyTimer = clearTimer(readyTimer);
    const wasReady = state === 'running';
    const ending = fatal;
    child = null;
    startedAt = null;
    lastExit = { code, signal };
    const waiters = exitWaiters;
    exitWaiters = [];
    if (!wanted) {
      if (state !== 'failed') state = 'stopped';
      emit();
      for (const w of waiters) w();
      return;
    }
    if (ending && !ending.retry) {
      // Retrying cannot help (wrong password, revoked token): failed at once, with the child's reason.
      state = 'failed';
      wanted = false;
      lastError = ending.error;
      log.error({ child: name, exit: lastExit, last_error: lastError }, 'child failed; not restarting it');
      emit();
      settleStart(new Error(`${name} failed: ${lastError}`));
      for (const w of waiters) w();
      return;
    }
    // The reason is the child's own `fatal` message; a killed child has none (its last log line is unrelated).
    const detail = ending ? `: ${ending.error}` : !signal && lastStderr ? `: ${lastStderr.slice(0, 300)}` : '';
    crash(timeoutReason ?? `${describeExit(code, signal, wasReady)}${detail}`, lastExit);
    for (const w of waiters) w();
  };

  const crash = (reason: string, exit: ChildStatus['last_exit']) => {
    const now = Date.now();
    crashTimes = crashTimes.filter((t) => now - t < policy.crashWindowMs);
    crashTimes.push(now);
    lastError = reason;
    if (crashTimes.length >= policy.maxCrashes) {
      state = 'failed';
      wanted = false;
      lastError = `${reason}; gave up after ${crashTimes.length} crashes within ${Math.round(policy.crashWindowMs / 1000)} s`;
      log.error({ child: name, exit, last_error: lastError }, 'child failed; not restarting it');
      emit();
      settleStart(new Error(`${name} failed: ${lastError}`));
      return;
    }
    const delay = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** (crashTimes.length - 1));
    state = 'backoff';
    log.warn({ child: name, exit, reason, restart_in_ms: delay, crashes: crashTimes.length }, 'child crashed; restarting');
    emit();
    backoffTimer = setTimeout(() => {
      backoffTimer = null;
      if (!wanted) return;
      restarts += 1;
      launch();
    }, delay);
  };

  return {
    name,
    start() {
      if (state === 'running') return Promise.resolve(status());
      const waiting = new Promise<ChildStatus>((resolve, reject) => startWaiters.push({ resolve, reject }));
      if (!wanted) {
        wanted = true;
        crashTimes = [];
        restarts = 0;
        attempt = 0;
        lastError = null;
        if (!child) launch();
      }
      return waiting;
    },
    async stop() {
      wanted = false;
      backoffTimer = clearTimer(backoffTimer);
      readyTimer = clearTimer(readyTimer);
      settleStart(new Error(`${name} was stopped before it was ready`));
      const running = child;
      if (!running) {
        if (state !== 'failed' && state !== 'stopped') {
          state = 'stopped';
          emit();
        }
        return;
      }
      const exited = new Promise<void>((resolve) => exitWaiters.push(resolve));
      running.send({ type: 'shutdown' } satisfies HostMessage);
      running.kill('SIGTERM');
      const killTimer = setTimeout(() => {
        log.warn({ child: name, grace_ms: policy.stopGraceMs }, 'child ignored SIGTERM; sending SIGKILL');
        running.kill('SIGKILL');
      }, policy.stopGraceMs);
      await exited;
      clearTimeout(killTimer);
    },
    send(message) {
      return child ? child.send(message) : false;
    },
    status,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
  };
}
