// Result shapes of the PersonaAPI routes the dashboard uses. Entities come from src/shared; the
// envelopes mirror the operations' output schemas (src/core/operations), which the renderer may not import.
import type {
  BotConfig, BotLogLine, BotStatus, EmotionView, MemoryConfig, MemoryView, PersonaSummary, PersonaView,
  RelationshipView, ScoredMemory, VisualState,
} from '../../shared/index.ts';

/** `GET /api/health`. */
export interface Health {
  status: 'ok';
  version: string;
  uptime_s: number;
  host_attached: boolean;
  llm: { provider: string; model: string | null; ok: boolean; error: string | null };
  services: { api: { status: string }; mcp: { status: 'ok' | 'down'; url: string | null; connections: number | null } };
}

/** `GET /api/personas`. */
export interface PersonaListResult { personas: PersonaSummary[]; total_count: number; available_count: number }
/** `GET /api/personas/:id`. */
export interface PersonaGetResult { persona: PersonaView }
/** `POST /api/personas`. */
export interface PersonaCreateResult { persona_id: string; name: string; created: true; persona: PersonaView }
/** `POST /api/personas/import`. */
export interface ImportResult { persona_id: string; name: string; created: boolean; replaced: boolean; source_spec: string; warnings: string[] }
/** `GET /api/personas/:id/export`. */
export interface ExportResult { persona_id: string; format: 'json' | 'png'; card?: Record<string, unknown>; png_base64?: string; filename: string }

/** A memory recalled for a chat reply, with its score components. */
export interface UsedMemory { memory_id: string; content: string; score: number; score_components: { recency: number; importance: number; relevance: number } }
/** Axis values of a relationship. */
export interface Axes { affinity: number; trust: number; respect: number; familiarity: number }
/** `POST /api/personas/:id/chat` result. */
export interface ChatResult {
  response: string; persona_id: string; persona_name: string; session_id: string; message_id: string;
  participant: { key: string; display_name: string; platform: string };
  response_type: 'direct' | 'offline'; llm: string; model: string | null; llm_error?: { code: string; message: string };
  finish_reason: 'stop' | 'length' | 'cancelled' | 'error'; tokens_used: number; processing_time: number; llm_time_ms: number;
  memories_used: UsedMemory[]; memory_id: string | null; emotion: EmotionView;
  relationship: Axes & { relationship_type: string; interaction_count: number; delta: Axes };
  persona_state: { social_energy: number; available_time: number; interaction_fatigue: number };
}

/** `GET /api/personas/:id/memories`. */
export interface MemoryListResult { memories: MemoryView[]; total: number; limit: number; offset: number }
/** `GET /api/personas/:id/memories/search`. */
export interface MemorySearchResult { memories: ScoredMemory[]; query: string; result_count: number }
/** `GET /api/personas/:id/relationships`. */
export interface RelationshipListResult { persona_id: string; relationships: (RelationshipView & { other_persona_id: string | null })[]; total_relationships: number }
/** `GET /api/personas/:id/emotion`. */
export interface EmotionResult { persona_id: string; emotional_state: EmotionView }
/** `GET /api/personas/:id/visual`. */
export interface VisualResult { persona_id: string; visual: VisualState }

/** `GET /api/system/status`. */
export interface SystemStatus {
  system_status: 'operational' | 'degraded'; version: string; uptime_s: number; llm_available: boolean;
  llm: { provider: string; model: string | null; base_url: string | null; latency_ms: number | null; error: string | null };
  total_personas: number; available_personas: number; active_conversations: number; open_sessions: number; connections: number;
  jobs: { decay: { running: boolean; next_run_at: string | null; last_run: Record<string, unknown> | null }; pruning: { last_run: Record<string, unknown> | null } };
}
/** `GET /api/system/models`. */
export interface ModelsResult { available_models: string[]; current_model: string | null; provider: string; embedding_model: string | null }
/** LLM settings as the API shows them (the key replaced by `has_api_key`). */
export interface LlmView { provider: string; base_url: string; model: string; has_api_key: boolean; timeout_ms: number; offline_fallback: boolean; temperature: number }
/** `GET /api/settings/llm`. */
export interface LlmSettingsResult { llm: LlmView; health: { ok: boolean; latency_ms?: number | null; error: string | null } }
/** `GET /api/settings/network`. */
export interface NetworkSettings {
  host: string; mcp_port: number; api_port: number; exposed: boolean; token_required: boolean; token: string | null; mcp_url: string; allowed_origins: string[];
}
/** `GET /api/settings/memory`. */
export interface MemorySettingsResult { config: MemoryConfig; persona_overrides: Record<string, unknown> | null; effective: MemoryConfig }

/** Bot routes. */
export interface BotsResult { bots: BotStatus[] }
/** `GET /api/bots/:id`. */
export interface BotDetailResult { status: BotStatus; config: BotConfig | null }
/** `GET /api/bots/:id/logs`. */
export interface BotLogsResult { lines: BotLogLine[] }
