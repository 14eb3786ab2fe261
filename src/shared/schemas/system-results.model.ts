// Results of the system operations (docs/protocol.md): the operations declare them as their
// output, and the dashboard infers its types from them.
import { z } from 'zod';
import { TimestampSchema } from './common.model.ts';

/** `ping` result: `{}`. */
export const PingResultSchema = z.object({});
/** `ping` result. */
export type PingResult = z.infer<typeof PingResultSchema>;

const JobRunSchema = z.record(z.string(), z.unknown()).nullable();

/** `system.status` result: server health and counts. */
export const SystemStatusResultSchema = z.object({
  system_status: z.enum(['operational', 'degraded']),
  version: z.string(),
  uptime_s: z.number(),
  llm_available: z.boolean(),
  llm: z.object({
    provider: z.string(), model: z.string().nullable(), base_url: z.string().nullable(),
    latency_ms: z.number().nullable(), error: z.string().nullable(),
  }),
  total_personas: z.number().int(),
  available_personas: z.number().int(),
  active_conversations: z.number().int(),
  open_sessions: z.number().int(),
  connections: z.number().int(),
  current_persona: z.string().nullable(),
  current_conversation: z.string().nullable(),
  jobs: z.object({
    decay: z.object({ running: z.boolean(), next_run_at: TimestampSchema.nullable(), last_run: JobRunSchema }),
    pruning: z.object({ last_run: JobRunSchema }),
    /** The conversation autopilot (`conversation.autopilot`): conversations it started (all time), the owner's last tick with its tick count. */
    autopilot: z.object({ enabled: z.boolean(), running: z.boolean(), next_run_at: TimestampSchema.nullable(), conversations_started: z.number().int(), last_run: JobRunSchema }),
    /** The daily archive retention sweep (`memory.archive.retention_days`, 0 = forever) and its last `retention_runs` row. */
    retention: z.object({ retention_days: z.number().int(), running: z.boolean(), next_run_at: TimestampSchema.nullable(), last_run: JobRunSchema }),
    /** The process that runs the jobs (ADR 0008); `reachable` false when it could not be asked (nothing runs then). */
    owner: z.object({ pid: z.number().int().nullable(), reachable: z.boolean(), error: z.string().nullable() }),
  }),
  timestamp: TimestampSchema,
});
/** `system.status` result. */
export type SystemStatusResult = z.infer<typeof SystemStatusResultSchema>;

/** `system.models` result. */
export const SystemModelsResultSchema = z.object({ available_models: z.array(z.string()), current_model: z.string().nullable(), provider: z.string(), embedding_model: z.string().nullable() });
/** `system.models` result. */
export type SystemModelsResult = z.infer<typeof SystemModelsResultSchema>;

/** LLM settings as clients see them: the API key replaced by `has_api_key`. */
export const LlmViewSchema = z.object({
  provider: z.string(), base_url: z.string(), model: z.string(), has_api_key: z.boolean(), timeout_ms: z.number().int(),
  offline_fallback: z.boolean(), temperature: z.number(), context_tokens: z.number().int(),
  embedding: z.object({ enabled: z.boolean(), provider: z.string(), model: z.string(), base_url: z.string().optional() }),
});
/** LLM settings as clients see them. */
export type LlmView = z.infer<typeof LlmViewSchema>;

/** A probe of the LLM provider. */
export const LlmHealthViewSchema = z.object({ ok: z.boolean(), latency_ms: z.number().nullable(), error: z.string().nullable() });
/** A probe of the LLM provider. */
export type LlmHealthView = z.infer<typeof LlmHealthViewSchema>;

/** `system.configure_llm` result: the new settings, applied, and a fresh probe. */
export const ConfigureLlmResultSchema = z.object({ llm: LlmViewSchema, applied: z.literal(true), health: LlmHealthViewSchema });
/** `system.configure_llm` result. */
export type ConfigureLlmResult = z.infer<typeof ConfigureLlmResultSchema>;

/** Clients with a known configuration format. */
export const MCP_CLIENTS = ['claude-desktop', 'cursor', 'vscode', 'generic'] as const;
/** A client with a known configuration format. */
export type McpClientKind = (typeof MCP_CLIENTS)[number];

/** Query of `GET /api/settings/mcp-config` and the flags of `persona-mcp mcp-config`. */
export const McpConfigQuerySchema = z.strictObject({
  client: z.enum(MCP_CLIENTS).default('claude-desktop'),
  transport: z.enum(['stdio', 'http']).default('stdio'),
});

/** Result of the snippet request (also the JSON of `persona-mcp mcp-config --json`). */
export const McpClientConfigSchema = z.object({
  client: z.enum(MCP_CLIENTS),
  transport: z.enum(['stdio', 'http']),
  /** Where the snippet goes. */
  file: z.string(),
  /** The JSON to paste (merged into the file's existing servers). */
  snippet: z.string(),
  /** For stdio: the command line the client runs. */
  command: z.object({ command: z.string(), args: z.array(z.string()), env: z.record(z.string(), z.string()) }).nullable(),
  /** Things to know (an old Node, a missing token). */
  notes: z.array(z.string()),
});
/** A ready client configuration. */
export type McpClientConfig = z.infer<typeof McpClientConfigSchema>;
