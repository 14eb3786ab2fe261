// Entry files of the services, by path: main starts services and never imports them (docs/architecture.md "Layers").
import { fileURLToPath } from 'node:url';

/** Entry file of each service the host or the CLI can start. */
export const SERVICE_ENTRIES = {
  mcp: fileURLToPath(new URL('../../services/mcp/entry.ts', import.meta.url)),
  api: fileURLToPath(new URL('../../services/api/entry.ts', import.meta.url)),
  bot: fileURLToPath(new URL('../../services/bot/entry.ts', import.meta.url)),
} as const;

/** A service name. */
export type ServiceEntryName = keyof typeof SERVICE_ENTRIES;

/** The hook that caches Node 22's type stripping on disk (bin/ts-strip-cache.js), as a file URL. */
export const STRIP_CACHE_HOOK = new URL('../../../bin/ts-strip-cache.js', import.meta.url).href;

/** Node flags of a forked service: the parent's, plus the type-stripping cache (a faster start). */
export function childExecArgv(): string[] {
  return process.execArgv.includes(STRIP_CACHE_HOOK) ? [...process.execArgv] : [...process.execArgv, '--import', STRIP_CACHE_HOOK];
}
