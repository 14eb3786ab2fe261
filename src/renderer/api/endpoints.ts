// Typed wrappers of the PersonaAPI routes the dashboard calls (paths from the operation table's `rest`).
import type { BotConfig, BotConfigInput, McpClientKind, PersonaCreateInput } from '../../shared/index.ts';
import { call } from './client.ts';
import type {
  BotDetailResult, BotLogsResult, BotsResult, ConfigureLlmResult, ConversationListResult, HistoryResult, SessionListResult, DecayForceResult, DecayStartResult, DecayStatsResult, DecayStopResult,
  EmotionResult, ExportResult, Health, ImportResult, LlmSettingsResult, McpClientConfigResult, MemoryDeleteResult, MemoryGetResult, MemoryListResult, MemoryPruneAllResult,
  MemoryPruneResult, MemoryRestoreResult, MemorySearchResult, MemorySettingsResult, MemoryStoreResult, ModelsResult, NetworkSettings,
  ParticipantForgetResult, ParticipantGetResult, ParticipantLinkResult, ParticipantListResult,
  PersonaCreateResult, PersonaDeleteResult, PersonaGetResult, PersonaListResult, PersonaUpdateResult, RelationshipListResult, SystemStatus,
  VisualResult,
} from './types.ts';

const id = (persona_id: string) => ({ persona_id });

/** The PersonaAPI, one function per route. */
export const api = {
  health: () => call<Health>('GET', '/api/health'),
  systemStatus: () => call<SystemStatus>('GET', '/api/system/status'),
  models: () => call<ModelsResult>('GET', '/api/system/models'),

  listPersonas: (query?: string) => call<PersonaListResult>('GET', '/api/personas', query ? { query } : {}),
  getPersona: (personaId: string) => call<PersonaGetResult>('GET', '/api/personas/:persona_id', id(personaId)),
  createPersona: (input: PersonaCreateInput | Record<string, unknown>) => call<PersonaCreateResult>('POST', '/api/personas', input),
  updatePersona: (personaId: string, fields: Record<string, unknown>) => call<PersonaUpdateResult>('PATCH', '/api/personas/:persona_id', { ...fields, persona_id: personaId }),
  deletePersona: (personaId: string) => call<PersonaDeleteResult>('DELETE', '/api/personas/:persona_id', id(personaId)),
  importCard: (input: { card?: unknown; png_base64?: string; on_conflict: 'error' | 'rename' | 'replace' }) => call<ImportResult>('POST', '/api/personas/import', input),
  exportCard: (personaId: string, format: 'json' | 'png') => call<ExportResult>('GET', '/api/personas/:persona_id/export', { ...id(personaId), format }),

  listMemories: (personaId: string, filters: Record<string, unknown>) => call<MemoryListResult>('GET', '/api/personas/:persona_id/memories', { ...filters, ...id(personaId) }),
  searchMemories: (personaId: string, filters: Record<string, unknown>) => call<MemorySearchResult>('GET', '/api/personas/:persona_id/memories/search', { ...filters, ...id(personaId) }),
  getMemory: (memoryId: string) => call<MemoryGetResult>('GET', '/api/memories/:memory_id', { memory_id: memoryId }),
  storeMemory: (personaId: string, input: Record<string, unknown>) => call<MemoryStoreResult>('POST', '/api/personas/:persona_id/memories', { ...input, ...id(personaId) }),
  deleteMemory: (memoryId: string, hard = false) => call<MemoryDeleteResult>('DELETE', '/api/memories/:memory_id', { memory_id: memoryId, ...(hard ? { hard } : {}) }),
  restoreMemory: (memoryId: string) => call<MemoryRestoreResult>('POST', '/api/memories/:memory_id/restore', { memory_id: memoryId }),
  prunePersona: (personaId: string, force: boolean) => call<MemoryPruneResult>('POST', '/api/personas/:persona_id/memories/prune', { ...id(personaId), force }),

  relationships: (personaId: string) => call<RelationshipListResult>('GET', '/api/personas/:persona_id/relationships', { ...id(personaId), limit: 200 }),
  emotion: (personaId: string) => call<EmotionResult>('GET', '/api/personas/:persona_id/emotion', id(personaId)),
  visual: (personaId: string) => call<VisualResult>('GET', '/api/personas/:persona_id/visual', id(personaId)),

  participants: (filters: { query?: string; platform?: string; limit?: number; cursor?: string }) => call<ParticipantListResult>('GET', '/api/participants', filters),
  participant: (key: string) => call<ParticipantGetResult>('GET', '/api/participant', { key }),
  linkParticipants: (primary: string, secondary: string) => call<ParticipantLinkResult>('POST', '/api/participants/link', { primary, secondary }),
  forgetParticipant: (key: string) => call<ParticipantForgetResult>('POST', '/api/participants/forget', { key, confirm: true }),

  llmSettings: () => call<LlmSettingsResult>('GET', '/api/settings/llm'),
  configureLlm: (patch: Record<string, unknown>) => call<ConfigureLlmResult>('PATCH', '/api/settings/llm', patch),
  network: () => call<NetworkSettings>('GET', '/api/settings/network'),
  mcpConfig: (client: McpClientKind, transport: 'stdio' | 'http') => call<McpClientConfigResult>('GET', '/api/settings/mcp-config', { client, transport }),
  regenerateToken: () => call<{ token: string }>('POST', '/api/settings/network/token'),
  updateNetwork: (patch: { host?: string; allowed_origins?: string[] }) => call<{ restart_required: true }>('PATCH', '/api/settings/network', patch),
  memorySettings: (personaId?: string) => call<MemorySettingsResult>('GET', '/api/settings/memory', personaId ? id(personaId) : {}),
  decayStart: () => call<DecayStartResult>('POST', '/api/memories/decay/start'),
  decayStop: () => call<DecayStopResult>('POST', '/api/memories/decay/stop'),
  decayForce: () => call<DecayForceResult>('POST', '/api/memories/decay/force'),
  decayStats: () => call<DecayStatsResult>('GET', '/api/memories/decay/stats'),
  sessions: (limit: number) => call<SessionListResult>('GET', '/api/sessions', { status: 'all', limit }),
  sessionMessages: (sessionId: string, limit: number) => call<HistoryResult>('GET', '/api/history', { session_id: sessionId, limit }),
  conversations: (limit: number) => call<ConversationListResult>('GET', '/api/conversations', { status: 'all', limit }),
  pruneAll: (force: boolean) => call<MemoryPruneAllResult>('POST', '/api/memories/prune', { force }),

  bots: () => call<BotsResult>('GET', '/api/bots'),
  bot: (personaId: string) => call<BotDetailResult>('GET', '/api/bots/:persona_id', id(personaId)),
  botAction: (personaId: string, action: 'start' | 'stop' | 'restart') => call<{ status: BotDetailResult['status'] }>('POST', `/api/bots/:persona_id/${action}`, id(personaId)),
  botsAll: (action: 'start-all' | 'stop-all') => call<BotsResult>('POST', `/api/bots/${action}`),
  botLogs: (personaId: string, limit = 200) => call<BotLogsResult>('GET', '/api/bots/:persona_id/logs', { ...id(personaId), limit }),
  botConfig: (personaId: string) => call<{ config: BotConfig | null }>('GET', '/api/bots/:persona_id/config', id(personaId)),
  saveBotConfig: (personaId: string, input: Partial<BotConfigInput>) => call<{ config: BotConfig }>('PUT', '/api/bots/:persona_id/config', { ...input, ...id(personaId) }),
};
