import { AppError, isAppError, isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { removeBotConfig } from '../bots/bot-config.service.ts';
import type { HostPort } from '../operations/operation.ts';
import { requirePersona } from './persona.service.ts';
import { inBatches } from '../jobs/yield-turn.ts';

/** What `persona.delete` reports. */
export interface PersonaDeleteResult {
  persona_id: string;
  name: string;
  deleted: true;
  message: string;
  deleted_counts: {
    memories: number; archived_memories: number; relationships: number;
    sessions: number; messages: number; conversations: number;
  };
  bot: { stopped: boolean; config_removed: boolean; host_attached: boolean };
}

/**
 * Asks the host to stop the persona's bot; any failure (the host refused, timed out or went away)
 * becomes BOT_STOP_FAILED, so the caller keeps the persona rather than orphan a running bot.
 */
async function stopBot(host: HostPort, persona: { id: string; name: string }): Promise<boolean> {
  try {
    return (await host.stopBotForDelete(persona.id)).stopped;
  } catch (err) {
    const cause = isAppError(err) ? err.code : 'INTERNAL_ERROR';
    throw new AppError('BOT_STOP_FAILED', `The bot of persona '${persona.name}' could not be stopped (${(err as Error).message}); the persona was not deleted`, {
      details: { persona_id: persona.id, cause },
    });
  }
}

/** Memories (or archived memories) one write transaction of a persona deletion removes before the last one. */
const DELETE_BATCH = 500;

/**
 * Deletes a persona (`persona.delete` in docs/protocol.md), in this order: its running bot is stopped through
 * `host` (when a host is attached; BOT_STOP_FAILED leaves everything in place), its bot configuration and
 * secrets are removed, its memories and archive are deleted DELETE_BATCH per write transaction with a turn
 * of the event loop between (a persona with a million memories would otherwise hold the process and the
 * write lock for many seconds), then the persona and everything else it owns go in one transaction:
 * memories stored meanwhile, relationships both ways, sessions and messages, conversations, states. Foreign
 * keys cascade. A deletion interrupted before its last transaction leaves the persona in place, with fewer memories.
 */
export async function deletePersona(core: CoreContext, ref: string, host?: HostPort): Promise<PersonaDeleteResult> {
  const now = core.now();
  const target = await requirePersona(core.db.manager, ref);
  const stopped = host ? await stopBot(host, target) : false;
  const configRemoved = await removeBotConfig(core, target.id);
  const bot = { stopped, config_removed: configRemoved, host_attached: host !== undefined };
  const deleteAll = (archived: boolean) =>
    inBatches(DELETE_BATCH, (limit) => core.db.transaction(async (em) => createRepositories(em).memories.deleteSomeOf(target.id, archived, limit)));
  const gone = { memories: await deleteAll(false), archived: await deleteAll(true) };
  const result = await core.db.transaction(async (em) => {
    const persona = await requirePersona(em, target.id);
    const repos = createRepositories(em);
    const mem = repos.memories.countAll(persona.id);
    const relationships = await repos.relationships.countInvolving(persona.id);
    const chat = await repos.sessions.countForPersona(persona.id);
    // Conversations this persona took part in go too (active ones end with it).
    repos.conversations.deleteForPersona(persona.id);
    await repos.personas.delete(persona.id);
    return {
      persona_id: persona.id,
      name: persona.name,
      deleted: true as const,
      message: `Persona '${persona.name}' and all associated data deleted${botNote(bot)}`,
      deleted_counts: {
        memories: gone.memories + mem.memories, archived_memories: gone.archived + mem.archived, relationships,
        sessions: chat.sessions, messages: chat.messages, conversations: chat.conversations,
      },
      bot,
    };
  });
  core.events.emit({ name: 'persona.deleted', persona_id: result.persona_id, at: isoNow(now), data: { name: result.name, version: null } });
  return result;
}

function botNote(bot: PersonaDeleteResult['bot']): string {
  const parts = [bot.stopped ? 'its bot was stopped' : '', bot.config_removed ? 'its bot configuration and secrets were removed' : ''].filter(Boolean);
  const note = parts.length ? `; ${parts.join(' and ')}` : '';
  return bot.host_attached || !bot.config_removed ? note : `${note} (no host attached: no running bot was asked to stop)`;
}
