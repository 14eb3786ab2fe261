import type { z } from 'zod';
import type { Operation } from '../operations/operation.ts';
import type { personaCreate, personaDelete, personaGet, personaList, personaUpdate } from '../persona/persona.operation.ts';
import type { memoryDelete, memoryGet, memorySearch, memoryStore } from '../memory/memory.operation.ts';
import type { relationshipGet, relationshipList } from '../relationship/relationship.operation.ts';
import type { emotionalGetState, emotionalUpdateState } from '../emotion/emotional.operation.ts';
import type { visualGet, visualUpdate } from '../emotion/visual.operation.ts';
import type { ping, systemStatus } from '../system/system.operation.ts';
import type {
  memoryDecayForce, memoryDecayStart, memoryDecayStats, memoryDecayStop, memoryPrune, memoryPruneAll, memoryPruneRecommendations, memoryPruneStats,
} from '../memory/memory-jobs.operation.ts';
import type { memoryConfigGet, memoryConfigSet, memoryList, memoryRestore, memoryStats, memoryUpdate } from '../memory/memory-admin.operation.ts';
import type { systemConfigureLlm, systemModels } from '../system/llm.operation.ts';
import type { conversationSendMessage, personaChat, personaChatStream } from '../chat/chat.operation.ts';
import type { personaExport, personaImport } from '../cards/persona-card.operation.ts';
import type { personaMemory, personaRelationship, personaStatus, personaSwitch } from '../persona/persona-legacy.operation.ts';
import type { relationshipCompatibility, relationshipStats, relationshipUpdate } from '../relationship/relationship-admin.operation.ts';
import type { memorySearchCrossPersona, memorySharedStats } from '../memory/memory-shared.operation.ts';
import type { stateLoad, stateSave } from '../state/state.operation.ts';
import type { conversationHistory, sessionClear, sessionGet, sessionList } from '../chat/session.operation.ts';
import type { participantForget, participantGet, participantLink, participantList } from '../participants/participant.operation.ts';
import type { conversationEnd, conversationList, conversationStart, conversationStatusOp, conversationTurn } from '../conversation/conversation.operation.ts';

/**
 * Method name → operation declaration, for typing only (type imports: the client never loads the
 * server-side operation modules). `Operation.name` is a plain string, so the names are listed here;
 * `tests/integration/mcp/client.test.ts` checks they match OPERATION_TABLE.
 */
export interface OperationMethodMap {
  'ping': typeof ping;
  'persona.list': typeof personaList; 'persona.get': typeof personaGet; 'persona.create': typeof personaCreate;
  'persona.update': typeof personaUpdate; 'persona.delete': typeof personaDelete; 'persona.switch': typeof personaSwitch;
  'persona.chat': typeof personaChat; 'persona.chat_stream': typeof personaChatStream; 'persona.status': typeof personaStatus;
  'persona.memory': typeof personaMemory; 'persona.relationship': typeof personaRelationship;
  'persona.import': typeof personaImport; 'persona.export': typeof personaExport;
  'session.list': typeof sessionList; 'session.get': typeof sessionGet; 'session.clear': typeof sessionClear;
  'conversation.start': typeof conversationStart; 'conversation.turn': typeof conversationTurn; 'conversation.end': typeof conversationEnd;
  'conversation.status': typeof conversationStatusOp; 'conversation.list': typeof conversationList;
  'conversation.history': typeof conversationHistory; 'conversation.send_message': typeof conversationSendMessage;
  'memory.search': typeof memorySearch; 'memory.store': typeof memoryStore; 'memory.get': typeof memoryGet;
  'memory.update': typeof memoryUpdate; 'memory.delete': typeof memoryDelete; 'memory.restore': typeof memoryRestore;
  'memory.list': typeof memoryList; 'memory.stats': typeof memoryStats;
  'memory.prune': typeof memoryPrune; 'memory.prune_all': typeof memoryPruneAll;
  'memory.prune_recommendations': typeof memoryPruneRecommendations; 'memory.prune_stats': typeof memoryPruneStats;
  'memory.decay_start': typeof memoryDecayStart; 'memory.decay_stop': typeof memoryDecayStop;
  'memory.decay_stats': typeof memoryDecayStats; 'memory.decay_force': typeof memoryDecayForce;
  'memory.search_cross_persona': typeof memorySearchCrossPersona; 'memory.shared_stats': typeof memorySharedStats;
  'memory.config_get': typeof memoryConfigGet; 'memory.config_set': typeof memoryConfigSet;
  'relationship.get': typeof relationshipGet; 'relationship.list': typeof relationshipList;
  'relationship.compatibility': typeof relationshipCompatibility; 'relationship.stats': typeof relationshipStats;
  'relationship.update': typeof relationshipUpdate;
  'participant.list': typeof participantList; 'participant.get': typeof participantGet;
  'participant.link': typeof participantLink; 'participant.forget': typeof participantForget;
  'emotional.get_state': typeof emotionalGetState; 'emotional.update_state': typeof emotionalUpdateState;
  'visual.get': typeof visualGet; 'visual.update': typeof visualUpdate;
  'state.save': typeof stateSave; 'state.load': typeof stateLoad;
  'system.status': typeof systemStatus; 'system.models': typeof systemModels; 'system.configure_llm': typeof systemConfigureLlm;
}

/** A method name the client knows the types of. */
export type TypedMethodName = keyof OperationMethodMap;

/** The names of OperationMethodMap at run time (a test compares them with the operations table). */
export const TYPED_METHOD_NAMES = [
  'ping', 'persona.list', 'persona.get', 'persona.create', 'persona.update', 'persona.delete', 'persona.switch',
  'persona.chat', 'persona.chat_stream', 'persona.status', 'persona.memory', 'persona.relationship', 'persona.import', 'persona.export',
  'session.list', 'session.get', 'session.clear', 'conversation.history', 'conversation.send_message',
  'conversation.start', 'conversation.turn', 'conversation.end', 'conversation.status', 'conversation.list',
  'memory.search', 'memory.store', 'memory.get', 'memory.update', 'memory.delete', 'memory.restore', 'memory.list', 'memory.stats',
  'memory.prune', 'memory.prune_all', 'memory.prune_recommendations', 'memory.prune_stats',
  'memory.decay_start', 'memory.decay_stop', 'memory.decay_stats', 'memory.decay_force',
  'memory.search_cross_persona', 'memory.shared_stats', 'memory.config_get', 'memory.config_set',
  'relationship.get', 'relationship.list', 'relationship.compatibility', 'relationship.stats', 'relationship.update',
  'participant.list', 'participant.get', 'participant.link', 'participant.forget',
  'emotional.get_state', 'emotional.update_state', 'visual.get', 'visual.update', 'state.save', 'state.load',
  'system.status', 'system.models', 'system.configure_llm',
] as const satisfies readonly TypedMethodName[];

type InputOf<T> = T extends Operation<infer I, z.ZodType> ? z.input<I> : never;
type OutputOf<T> = T extends Operation<z.ZodType, infer O> ? z.output<O> : never;

/** Per-call options of `call` and the typed methods. */
export interface CallOptions {
  /** Overrides the client's request timeout for this call. */
  timeoutMs?: number;
  /** Aborting rejects the call with CANCELLED and tells the server (`notifications/cancelled`). */
  signal?: AbortSignal;
}

/** `client.methods[name](params)`: params typed from the operation's zod input, result from its output. */
export type OperationMethods = {
  [K in TypedMethodName]: (...args: MethodArgs<InputOf<OperationMethodMap[K]>>) => Promise<OutputOf<OperationMethodMap[K]>>;
};

/** Params may be omitted when the operation has no required param. */
type MethodArgs<P> = Record<never, never> extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/** The typed result of a method. */
export type MethodResult<K extends TypedMethodName> = OutputOf<OperationMethodMap[K]>;
/** The typed params of a method. */
export type MethodParams<K extends TypedMethodName> = InputOf<OperationMethodMap[K]>;
