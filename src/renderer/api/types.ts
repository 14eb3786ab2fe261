// Result shapes of the PersonaAPI routes the dashboard uses. Routes that are operations take their
// types from the operations' output schemas in src/shared; only the service routes the operation
// table does not serve (health, network settings, bots) are written out here.
import type { z } from 'zod';
import type {
  BotConfig, BotLogLine, BotStatus, ChatResultSchema, McpClientConfigSchema, ConfigureLlmResultSchema, EmotionGetResultSchema, MemoryConfigGetResultSchema,
  MemoryDecayForceResultSchema, MemoryDecayStartResultSchema, MemoryDecayStatsResultSchema, MemoryDecayStopResultSchema,
  MemoryDeleteResultSchema, MemoryListResultSchema, MemoryResultSchema, MemoryPruneAllResultSchema, MemoryPruneResultSchema, MemoryRestoreResultSchema,
  MemorySearchResultSchema, MemoryStoreResultSchema, ParticipantForgetResultSchema, ParticipantGetResultSchema, ParticipantLinkResultSchema,
  ParticipantListResultSchema, PersonaCreateResultSchema, PersonaDeleteResultSchema, PersonaExportResultSchema,
  PersonaGetResultSchema, PersonaImportResultSchema, PersonaListResultSchema, PersonaUpdateResultSchema, RelationshipListResultSchema,
  SystemModelsResultSchema, SystemStatusResultSchema, UsedMemorySchema, VisualGetResultSchema, SessionListResultSchema, HistoryResultSchema,
  ConversationListResultSchema,
} from '../../shared/index.ts';

/** `GET /api/sessions` (session.list: chat sessions, latest activity first). */
export type SessionListResult = z.output<typeof SessionListResultSchema>;
/** `GET /api/history` (conversation.history: messages of a session or conversation, oldest first). */
export type HistoryResult = z.output<typeof HistoryResultSchema>;
/** `GET /api/conversations` (conversation.list: persona ↔ persona conversations, newest first). */
export type ConversationListResult = z.output<typeof ConversationListResultSchema>;
/** `GET /api/personas` (persona.list). */
export type PersonaListResult = z.output<typeof PersonaListResultSchema>;
/** `GET /api/personas/:id` (persona.get). */
export type PersonaGetResult = z.output<typeof PersonaGetResultSchema>;
/** `POST /api/personas` (persona.create). */
export type PersonaCreateResult = z.output<typeof PersonaCreateResultSchema>;
/** `PATCH /api/personas/:id` (persona.update). */
export type PersonaUpdateResult = z.output<typeof PersonaUpdateResultSchema>;
/** `DELETE /api/personas/:id` (persona.delete). */
export type PersonaDeleteResult = z.output<typeof PersonaDeleteResultSchema>;
/** `POST /api/personas/import` (persona.import). */
export type ImportResult = z.output<typeof PersonaImportResultSchema>;
/** `GET /api/personas/:id/export` (persona.export). */
export type ExportResult = z.output<typeof PersonaExportResultSchema>;

/** A memory recalled for a chat reply, with its score components. */
export type UsedMemory = z.output<typeof UsedMemorySchema>;
/** `POST /api/personas/:id/chat` result (persona.chat). */
export type ChatResult = z.output<typeof ChatResultSchema>;

/** `GET /api/personas/:id/memories` (memory.list). */
export type MemoryListResult = z.output<typeof MemoryListResultSchema>;
/** `GET /api/memories/:id` (memory.get): one memory, active or archived. */
export type MemoryGetResult = z.output<typeof MemoryResultSchema>;
/** `GET /api/personas/:id/memories/search` (memory.search). */
export type MemorySearchResult = z.output<typeof MemorySearchResultSchema>;
/** `POST /api/personas/:id/memories` (memory.store). */
export type MemoryStoreResult = z.output<typeof MemoryStoreResultSchema>;
/** `DELETE /api/memories/:id` (memory.delete). */
export type MemoryDeleteResult = z.output<typeof MemoryDeleteResultSchema>;
/** `POST /api/memories/:id/restore` (memory.restore). */
export type MemoryRestoreResult = z.output<typeof MemoryRestoreResultSchema>;
/** `POST /api/personas/:id/memories/prune` (memory.prune). */
export type MemoryPruneResult = z.output<typeof MemoryPruneResultSchema>;
/** `POST /api/memories/prune` (memory.prune_all). */
export type MemoryPruneAllResult = z.output<typeof MemoryPruneAllResultSchema>;
/** `POST /api/memories/decay/start` (memory.decay_start). */
export type DecayStartResult = z.output<typeof MemoryDecayStartResultSchema>;
/** `POST /api/memories/decay/stop` (memory.decay_stop). */
export type DecayStopResult = z.output<typeof MemoryDecayStopResultSchema>;
/** `POST /api/memories/decay/force` (memory.decay_force). */
export type DecayForceResult = z.output<typeof MemoryDecayForceResultSchema>;
/** `GET /api/memories/decay/stats` (memory.decay_stats). */
export type DecayStatsResult = z.output<typeof MemoryDecayStatsResultSchema>;

/** `GET /api/personas/:id/relationships` (relationship.list). */
export type RelationshipListResult = z.output<typeof RelationshipListResultSchema>;
/** `GET /api/personas/:id/emotion` (emotional.get_state). */
export type EmotionResult = z.output<typeof EmotionGetResultSchema>;
/** `GET /api/personas/:id/visual` (visual.get). */
export type VisualResult = z.output<typeof VisualGetResultSchema>;

/** `GET /api/system/status` (system.status). */
export type SystemStatus = z.output<typeof SystemStatusResultSchema>;
/** `GET /api/system/models` (system.models). */
export type ModelsResult = z.output<typeof SystemModelsResultSchema>;
/** `PATCH /api/settings/llm` (system.configure_llm). */
export type ConfigureLlmResult = z.output<typeof ConfigureLlmResultSchema>;
/** `GET /api/settings/llm`: the configure_llm result without `applied` (a service route reading the same view). */
export type LlmSettingsResult = Omit<ConfigureLlmResult, 'applied'>;
/** `GET /api/settings/memory` (memory.config_get). */
export type MemorySettingsResult = z.output<typeof MemoryConfigGetResultSchema>;

// Service routes with no operation behind them and no schema in src/shared (src/services/api).

/** `GET /api/health`. */
export interface Health {
  status: 'ok';
  version: string;
  uptime_s: number;
  host_attached: boolean;
  /** The account running the server (the operator on a desktop), or null. */
  operator: string | null;
  llm: { provider: string; model: string | null; ok: boolean; error: string | null };
  services: { api: { status: string }; mcp: { status: 'ok' | 'down'; url: string | null; connections: number | null } };
}
/** `GET /api/settings/mcp-config` (the output of `persona-mcp mcp-config`). */
export type McpClientConfigResult = z.output<typeof McpClientConfigSchema>;
/** `GET /api/settings/network`. */
export interface NetworkSettings {
  host: string; mcp_port: number; api_port: number; exposed: boolean; token_required: boolean; token: string | null; mcp_url: string; allowed_origins: string[];
}
/** Bot routes. */
export interface BotsResult { bots: BotStatus[] }
/** `GET /api/bots/:id`. */
export interface BotDetailResult { status: BotStatus; config: BotConfig | null }
/** `GET /api/bots/:id/logs`. */
export interface BotLogsResult { lines: BotLogLine[] }

/** `GET /api/participants` (participant.list). */
export type ParticipantListResult = z.output<typeof ParticipantListResultSchema>;
/** `GET /api/participants/:key` (participant.get). */
export type ParticipantGetResult = z.output<typeof ParticipantGetResultSchema>;
/** `POST /api/participants/link` (participant.link). */
export type ParticipantLinkResult = z.output<typeof ParticipantLinkResultSchema>;
/** `POST /api/participants/forget` (participant.forget). */
export type ParticipantForgetResult = z.output<typeof ParticipantForgetResultSchema>;
