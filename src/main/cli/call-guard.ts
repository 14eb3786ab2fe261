// What `persona-mcp call` must not do behind a running server's back: delete a persona whose bot
// that server may be running (only the server's host can stop the bot first; the CLI has no host).
import { AppError } from '../../shared/index.ts';
import { OPERATION_TABLE, getBotConfig, type CoreContext } from '../../core/index.ts';
import { readLiveServer } from '../host/index.ts';

/**
 * Refuses `persona.delete` (or an alias) of a persona with a bot configuration while a server is
 * recorded as running on the data dir: CONFLICT naming the server and the route that stops the bot
 * first. Anything else passes.
 */
export async function guardCall(core: CoreContext, method: string, params: unknown, isAlive?: (pid: number) => boolean): Promise<void> {
  if (OPERATION_TABLE.get(method)?.name !== 'persona.delete') return;
  const server = readLiveServer(core.config.data_dir, isAlive);
  const ref = (params as { persona_id?: unknown } | null)?.persona_id;
  if (!server || typeof ref !== 'string') return;
  const bot = await getBotConfig(core, ref).catch(() => null);
  if (!bot) return;
  const via = server.urls.api ? `DELETE ${server.urls.api}/api/personas/${encodeURIComponent(ref)}` : `persona.delete over ${server.urls.mcp}`;
  throw new AppError('CONFLICT', `A server (pid ${server.pid}) is using this data dir and may be running this persona's bot; delete it through the server so the bot is stopped first: ${via}`, {
    details: { reason: 'server_running', server_pid: server.pid, persona_id: bot.persona_id },
  });
}
