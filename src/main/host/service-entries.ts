// Entry files of the services, by path: main starts services and never imports them (DESIGN §3).
import { fileURLToPath } from 'node:url';

/** Entry file of each service the host or the CLI can start. */
export const SERVICE_ENTRIES = {
  mcp: fileURLToPath(new URL('../../services/mcp/entry.ts', import.meta.url)),
  api: fileURLToPath(new URL('../../services/api/entry.ts', import.meta.url)),
  bot: fileURLToPath(new URL('../../services/bot/entry.ts', import.meta.url)),
} as const;

/** A service name. */
export type ServiceEntryName = keyof typeof SERVICE_ENTRIES;
