import { fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { SERVICE_ENTRIES, childExecArgv } from '../host/service-entries.ts';

export { SERVICE_ENTRIES };

/** A service name. */
export type ServiceName = keyof typeof SERVICE_ENTRIES;

/**
 * Runs one service in a child process with this terminal's stdio (so `mcp --stdio` speaks on it),
 * forwards SIGINT/SIGTERM, and resolves with the child's exit code.
 */
export function runServiceInForeground(name: ServiceName, args: string[], env: Record<string, string> = {}): Promise<number> {
  // STANDALONE: the IPC channel only carries the ready message; no host answers bot requests.
  const child = fork(SERVICE_ENTRIES[name], args, { execArgv: childExecArgv(), stdio: 'inherit', env: { ...process.env, ...env, PERSONA_MCP_STANDALONE: '1' } });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Runs one service's entry in this process, as if it had been started with `args` and `env`
 * (standalone: no host). The entry owns the process from here on (its signals, its exit); the
 * returned promise never settles, so the CLI does not exit under it.
 */
export async function runServiceInProcess(name: ServiceName, args: string[], env: Record<string, string> = {}): Promise<number> {
  Object.assign(process.env, env, { PERSONA_MCP_STANDALONE: '1' });
  process.argv = [process.argv[0] as string, SERVICE_ENTRIES[name], ...args];
  await import(pathToFileURL(SERVICE_ENTRIES[name]).href);
  return new Promise<number>(() => {});
}

/**
 * Config values from CLI flags as `PERSONA_MCP_A__B` variables for a child service, so every flag
 * (including `--set`) reaches it whatever flags its own entry parses.
 */
export function flagsToEnv(tree: Record<string, unknown>, prefix = 'PERSONA_MCP_'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const name = `${prefix}${key.toUpperCase()}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flagsToEnv(value as Record<string, unknown>, `${name}__`));
    else out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
