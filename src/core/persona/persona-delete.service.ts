import { isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from './persona.service.ts';

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
}

/**
 * Deletes a persona and everything it owns in one transaction (protocol.md §7.5): memories and
 * archive, relationships both ways, sessions and messages, conversations, states, bot config.
 * Foreign keys cascade; the counts are taken first so the report says what went.
 */
export async function deletePersona(core: CoreContext, ref: string): Promise<PersonaDeleteResult> {
  const now = core.now();
  const result = await core.db.transaction(async (em) => {
    const persona = await requirePersona(em, ref);
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
      message: `Persona '${persona.name}' and all associated data deleted`,
      deleted_counts: {
        memories: mem.memories, archived_memories: mem.archived, relationships,
        sessions: chat.sessions, messages: chat.messages, conversations: chat.conversations,
      },
    };
  });
  core.events.emit({ name: 'persona.deleted', persona_id: result.persona_id, at: isoNow(now), data: { name: result.name, version: null } });
  return result;
}
