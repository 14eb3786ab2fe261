import pino, { type Logger, type LogFn } from 'pino';

/** Log levels accepted by the configuration. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** A module-tagged logger: every line carries `module`. */
export interface ModuleLogger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** True when `level` would be written (to skip building expensive log data). */
  isLevelEnabled(level: LogLevel): boolean;
}

// Logs go to stderr so stdout stays free for protocol traffic (stdio MCP) and command output.
function makeRoot(level: string, proc?: string): Logger {
  return pino({ level, base: proc ? { proc } : null }, pino.destination({ fd: 2, sync: true }));
}

let root = makeRoot(process.env.PERSONA_MCP_LOG_LEVEL ?? 'info');
let generation = 0;
const cache = new Map<string, { gen: number; log: Logger }>();

function current(module: string): Logger {
  const hit = cache.get(module);
  if (hit && hit.gen === generation) return hit.log;
  const log = root.child({ module });
  cache.set(module, { gen: generation, log });
  return log;
}

/** Reconfigures the root logger (level, process tag); module loggers obtained earlier follow it. */
export function configureLogging(options: { level?: LogLevel; process?: string }): void {
  root = makeRoot(options.level ?? root.level, options.process);
  generation += 1;
}

/** Returns the logger for `module` (e.g. `db`, `mcp.ws`). Safe to call at module scope. */
export function getLogger(module: string): ModuleLogger {
  const bind = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'): LogFn =>
    ((...args: Parameters<LogFn>) => current(module)[level](...args)) as LogFn;
  return {
    trace: bind('trace'),
    debug: bind('debug'),
    info: bind('info'),
    warn: bind('warn'),
    error: bind('error'),
    fatal: bind('fatal'),
    isLevelEnabled: (level) => current(module).isLevelEnabled(level),
  };
}
