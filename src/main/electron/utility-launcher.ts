// The desktop launcher: children are Electron utility processes (docs/architecture.md "Processes"), seen by
// the host through the same Launcher interface as child_process.fork headless.
import { utilityProcess } from 'electron';
import type { Readable } from 'node:stream';
import type { Launcher } from '../host/launcher.ts';
import { adaptUtilityProcess, type UtilityChildOptions, type UtilityProcessLike } from '../desktop/index.ts';

/**
 * Starts each child with `utilityProcess.fork` (piped output, the spec's env, a readable
 * service name in the OS task manager). The entry is a .ts file: the utility process runs
 * Electron's Node, which strips types by default, like the main process (ADR 0003).
 */
export function createUtilityLauncher(options: UtilityChildOptions = {}): Launcher {
  return {
    launch(spec) {
      const child = utilityProcess.fork(spec.entry, spec.args, {
        env: spec.env,
        stdio: 'pipe',
        serviceName: `Persona-MCP ${spec.name}`,
      });
      const like: UtilityProcessLike = {
        get pid() {
          return child.pid;
        },
        stdout: child.stdout as Readable | null,
        stderr: child.stderr as Readable | null,
        postMessage: (message) => child.postMessage(message),
        kill: () => child.kill(),
        on(event: 'spawn' | 'exit' | 'message', listener: (...args: never[]) => void) {
          child.on(event as 'exit', listener as (code: number) => void);
          return this;
        },
      };
      return adaptUtilityProcess(like, options);
    },
  };
}
