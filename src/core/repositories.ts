import type { EntityManager } from 'typeorm';
import { createTokenRepository } from './auth/token.repository.ts';
import { createBotConfigRepository } from './bots/bot-config.repository.ts';
import { createMemoryRepository } from './memory/memory.repository.ts';
import { createEmbeddingRepository } from './memory/embedding.repository.ts';
import { createMemoryRunsRepository } from './memory/memory-runs.repository.ts';
import { createParticipantRepository } from './participants/participant.repository.ts';
import { createParticipantIdentityRepository } from './participants/participant-identity.repository.ts';
import { createPersonaRepository } from './persona/persona.repository.ts';
import { createRelationshipRepository } from './relationship/relationship.repository.ts';
import { createSessionRepository } from './chat/session.repository.ts';
import { createConversationRepository } from './conversation/conversation.repository.ts';
import { createSettingsRepository } from './config/settings.repository.ts';
import { createStateRepository } from './state/state.repository.ts';

export * from './auth/token.repository.ts';
export * from './bots/bot-config.repository.ts';
export * from './memory/memory.repository.ts';
export * from './memory/memory-fts.repository.ts';
export * from './memory/embedding.repository.ts';
export * from './memory/memory-runs.repository.ts';
export * from './participants/participant.repository.ts';
export * from './participants/participant-identity.repository.ts';
export * from './persona/persona.repository.ts';
export * from './relationship/relationship.repository.ts';
export * from './chat/session.repository.ts';
export * from './conversation/conversation.repository.ts';
export * from './config/settings.repository.ts';
export * from './state/state.repository.ts';

const cache = new WeakMap<EntityManager, ReturnType<typeof buildRepositories>>();

/**
 * Every repository bound to one entity manager (use the transaction's manager for writes).
 * Repositories hold no state beyond the manager, so one set per manager is built and reused.
 */
export function createRepositories(em: EntityManager) {
  let repos = cache.get(em);
  if (!repos) cache.set(em, (repos = buildRepositories(em)));
  return repos;
}

function buildRepositories(em: EntityManager) {
  return {
    personas: createPersonaRepository(em),
    states: createStateRepository(em),
    memories: createMemoryRepository(em),
    embeddings: createEmbeddingRepository(em),
    memoryRuns: createMemoryRunsRepository(em),
    relationships: createRelationshipRepository(em),
    participants: createParticipantRepository(em),
    identities: createParticipantIdentityRepository(em),
    sessions: createSessionRepository(em),
    conversations: createConversationRepository(em),
    settings: createSettingsRepository(em),
    botConfigs: createBotConfigRepository(em),
    tokens: createTokenRepository(em),
  };
}

/** The repositories of one manager. */
export type Repositories = ReturnType<typeof createRepositories>;
