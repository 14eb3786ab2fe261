/** Every TypeORM entity schema of the database. */
import { PersonaEntity, InteractionStateEntity, EmotionalStateEntity, VisualStateEntity } from './persona.entity.ts';
import { MemoryEntity, ArchivedMemoryEntity, MemoryEmbeddingEntity } from './memory.entity.ts';
import { RelationshipEntity, RelationshipEventEntity } from './relationship.entity.ts';
import { SessionEntity, MessageEntity, ConversationEntity, ConversationMemberEntity } from './conversation.entity.ts';
import { ParticipantEntity, ParticipantAliasEntity, ParticipantLinkEntity, PruneRunEntity, PruneStateEntity, DecayRunEntity, RetentionRunEntity, SettingEntity, BotConfigEntity } from './system.entity.ts';

export * from './persona.entity.ts';
export * from './memory.entity.ts';
export * from './relationship.entity.ts';
export * from './conversation.entity.ts';
export * from './system.entity.ts';
export { asRowValues } from './columns.ts';

/** All entities, for the DataSource. */
export const ENTITIES = [
  PersonaEntity, InteractionStateEntity, EmotionalStateEntity, VisualStateEntity, MemoryEntity, ArchivedMemoryEntity, MemoryEmbeddingEntity,
  RelationshipEntity, RelationshipEventEntity, SessionEntity, MessageEntity, ConversationEntity,
  ConversationMemberEntity, ParticipantEntity, ParticipantAliasEntity, ParticipantLinkEntity, PruneRunEntity, PruneStateEntity, DecayRunEntity, RetentionRunEntity,
  SettingEntity, BotConfigEntity,
];
