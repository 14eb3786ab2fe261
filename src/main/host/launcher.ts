// The one launcher interface behind which the host starts children (docs/architecture.md "Processes"):
// child_process.fork headless, Electron's utilityProcess.fork in the desktop app (src/main/electron
// implements it).
import { fork } from 'node:child_process';
import type { Readable } from 'node:stream';
import { childExecArgv } from './service-entries.ts';

/** What the host asks a launcher to start. */
export interface LaunchSpec {
  /** Label used in logs, e.g. `mcp`, `api`, `bot:aria`. */
  name: string;
  /** Absolute path of the entry file (a .ts file run by Node's type stripping). */
  entry: string;
  args: string[];
  /** Full environment of the child. */
  env: Record<string, string>;
}

/** A running child as the host sees it, whatever started it. */
export interface ChildHandle {
  readonly pid: number | null;
  /** Piped stdout/stderr (the supervisor prefixes each line with `[name]`). */
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Sends an IPC message; false when the channel is closed. */
  send(message: unknown): boolean;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called once when the child exits: its code, or the signal that ended it. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts children. */
export interface Launcher {
  launch(spec: LaunchSpec): ChildHandle;
}

/**
 * The headless launcher: `child_process.fork` with piped output and an IPC channel. Each child
 * gets its own process group, so a Ctrl-C in the terminal reaches only the host, which then stops
 * the children in order (bots, api, mcp) instead of all of them at once.
 */
export function createForkLauncher(): Launcher {
  return {
    launch(spec) {
      // Windows would give a detached child its own console window; Ctrl-C handling differs there anyway.
      const child = fork(spec.entry, spec.args, { env: spec.env, execArgv: childExecArgv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: process.platform !== 'win32' });
      let exited = false;
      const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
      child.once('exit', (code, signal) => {
        exited = true;
        for (const l of exitListeners) l(code, signal);
      });
      // A failed spawn (ENOENT, EAGAIN) is reported as an exit by 'exit' or here. Later errors (an IPC
      // send racing the child's exit) must not become an unhandled 'error' event that ends the host.
      child.on('error', () => {
        if (!exited && child.pid === undefined) {
          exited = true;
          for (const l of exitListeners) l(1, null);
        }
      });
      return {
        pid: child.pid ?? null,
        stdout: child.stdout,
        stderr: child.stderr,
        send(message) {
          if (!child.connected) return false;
          try {
            return child.send(message as object);
          } catch {
            return false;
          }
        },
        onMessage(listener) {
          child.on('message', listener);
          return () => child.off('message', listener);
        },
        onExit(listener) {
          exitListeners.push(listener);
        },
        kill(signal = 'SIGTERM') {
          if (!exited) child.kill(signal);
        },
      };
    },
  };
}
