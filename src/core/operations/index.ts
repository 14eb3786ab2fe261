import { createOperationTable } from './invoke.ts';
import { personaCreate, personaDelete, personaGet, personaList, personaUpdate } from '../persona/persona.operation.ts';
import { memoryDelete, memoryGet, memorySearch, memoryStore } from '../memory/memory.operation.ts';
import { relationshipGet, relationshipList } from '../relationship/relationship.operation.ts';
import { emotionalGetState, emotionalUpdateState } from '../emotion/emotional.operation.ts';
import { visualGet, visualUpdate } from '../emotion/visual.operation.ts';
import { ping, systemStatus } from '../system/system.operation.ts';
import {
  memoryDecayForce, memoryDecayStart, memoryDecayStats, memoryDecayStop, memoryPrune, memoryPruneAll, memoryPruneRecommendations, memoryPruneStats,
} from '../memory/memory-jobs.operation.ts';
import { memoryConfigGet, memoryConfigSet, memoryList, memoryRestore, memoryStats, memoryUpdate } from '../memory/memory-admin.operation.ts';
import { systemConfigureLlm, systemModels } from '../system/llm.operation.ts';
import { conversationSendMessage, personaChat, personaChatStream } from '../chat/chat.operation.ts';
import { personaExport, personaImport } from '../cards/persona-card.operation.ts';
import { personaMemory, personaRelationship, personaStatus, personaSwitch } from '../persona/persona-legacy.operation.ts';
import { relationshipCompatibility, relationshipStats, relationshipUpdate } from '../relationship/relationship-admin.operation.ts';
import { memorySearchCrossPersona, memorySharedStats } from '../memory/memory-shared.operation.ts';
import { stateLoad, stateSave } from '../state/state.operation.ts';
import { CONVERSATION_OPERATIONS } from '../conversation/conversation.operation.ts';
import { conversationHistory, sessionClear, sessionGet, sessionList } from '../chat/session.operation.ts';
import { PARTICIPANT_OPERATIONS } from '../participants/participant.operation.ts';

export * from './operation.ts';
export * from './invoke.ts';

/** Every operation, in catalogue order (the method table of docs/protocol.md). Both services serve exactly this list. */
export const OPERATIONS = [
  ping,
  personaList, personaGet, personaCreate, personaUpdate, personaDelete, personaSwitch,
  personaChat, personaChatStream, personaStatus, personaMemory, personaRelationship, personaImport, personaExport,
  sessionList, sessionGet, sessionClear,
  ...CONVERSATION_OPERATIONS, conversationHistory, conversationSendMessage,
  memorySearch, memoryStore, memoryGet, memoryUpdate, memoryDelete, memoryRestore, memoryList, memoryStats,
  memoryPrune, memoryPruneAll, memoryPruneRecommendations, memoryPruneStats,
  memoryDecayStart, memoryDecayStop, memoryDecayStats, memoryDecayForce,
  memorySearchCrossPersona, memorySharedStats,
  memoryConfigGet, memoryConfigSet,
  relationshipGet, relationshipList, relationshipCompatibility, relationshipStats, relationshipUpdate,
  ...PARTICIPANT_OPERATIONS,
  emotionalGetState, emotionalUpdateState,
  visualGet, visualUpdate,
  stateSave, stateLoad,
  systemStatus, systemModels, systemConfigureLlm,
] as const;

/** The operations table of this build. */
export const OPERATION_TABLE = createOperationTable(OPERATIONS);
