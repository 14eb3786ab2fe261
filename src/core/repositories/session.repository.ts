import type { EntityManager } from 'typeorm';
import { ConversationEntity, MessageEntity, SessionEntity } from '../db/index.ts';

/** Counts of chat and conversation data owned by a persona (delete reports, statistics). */
export interface SessionRepository {
  countForPersona(personaId: string): Promise<{ sessions: number; messages: number; conversations: number }>;
  countOpen(): Promise<number>;
  countActiveConversations(): Promise<number>;
}

/** Session repository bound to an entity manager (chat logic lands with the conversation engine). */
export function createSessionRepository(em: EntityManager): SessionRepository {
  const sessions = em.getRepository(SessionEntity);
  const messages = em.getRepository(MessageEntity);
  const conversations = em.getRepository(ConversationEntity);
  return {
    async countForPersona(personaId) {
      const s = await sessions.countBy({ persona_id: personaId });
      const m = await messages
        .createQueryBuilder('m')
        .innerJoin('sessions', 's', 's.id = m.session_id')
        .where('s.persona_id = :p', { p: personaId })
        .getCount();
      const c = await conversations
        .createQueryBuilder('c')
        .where("EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.persona_id = :p)", { p: personaId })
        .getCount();
      return { sessions: s, messages: m, conversations: c };
    },
    countOpen: () => sessions.countBy({ status: 'open' }),
    countActiveConversations: () => conversations.countBy({ status: 'active' }),
  };
}
