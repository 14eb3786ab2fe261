import { z } from 'zod';
import { MemoryConfigSchema } from './memory-config.model.ts';

const port = z.number().int().min(0).max(65_535);

/** LLM settings (`llm.*`, README "LLM"). The API key is write-only everywhere. */
export const LlmSettingsSchema = z.object({
  provider: z.enum(['ollama', 'openai', 'offline']).default('ollama'),
  base_url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:11434'),
  model: z.string().min(1).max(128).default('llama3.1:8b'),
  api_key: z.string().max(4096).optional(),
  timeout_ms: z.number().int().min(1000).max(600_000).default(120_000),
  context_tokens: z.number().int().min(512).max(1_000_000).default(4096),
  offline_fallback: z.boolean().default(true),
  temperature: z.number().min(0).max(2).default(0.7),
  embedding: z
    .object({
      enabled: z.boolean().default(false),
      provider: z.enum(['ollama', 'openai']).default('ollama'),
      model: z.string().min(1).max(128).default('nomic-embed-text'),
      base_url: z.url({ protocol: /^https?$/ }).optional(),
    })
    .prefault({}),
});
/** LLM settings. */
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;

/** MCP toolset names (docs/mcp.md "Toolsets"); `all` is every tool. */
export const TOOLSET_NAMES = ['chat', 'personas', 'memory', 'relationships', 'conversations', 'admin', 'all'] as const;
/** A toolset name. */
export const ToolsetNameSchema = z.enum(TOOLSET_NAMES);

/** A choice of toolsets: a list, or one comma-separated string (env variables and flags give that). */
const toolsetChoice = (fallback: (typeof TOOLSET_NAMES)[number][]) => z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(ToolsetNameSchema).min(1),
).default(fallback);

/**
 * The application configuration: one schema, layered defaults < `config.json` in the data dir <
 * `PERSONA_MCP_*` env < CLI flags (README "Configuration").
 */
export const AppConfigSchema = z.object({
  data_dir: z.string().min(1).default('./data'),
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
  server: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      mcp_port: port.default(8000),
      api_port: port.default(8080),
      max_message_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
      max_import_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(16 * 1024 * 1024),
      max_connections: z.number().int().min(1).max(100_000).default(100),
      allowed_origins: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  mcp: z
    .object({
      toolsets: z
        .object({ stdio: toolsetChoice(['chat']), http: toolsetChoice(['chat']), websocket: toolsetChoice(['all']) })
        .prefault({}),
    })
    .prefault({}),
  auth: z
    .object({
      require_on_loopback: z.boolean().default(false),
      token: z.string().min(16).max(256).optional(),
    })
    .prefault({}),
  limits: z
    .object({
      messages_per_second: z.number().min(0).default(50),
      burst: z.number().int().min(0).default(100),
      in_flight: z.number().int().min(0).default(32),
      streams: z.number().int().min(0).default(4),
      llm_calls_per_minute: z.number().int().min(0).default(60),
      chat_queue: z.number().int().min(0).default(4),
      method_timeout_ms: z.number().int().min(100).default(30_000),
    })
    .prefault({}),
  llm: LlmSettingsSchema.prefault({}),
  memory: MemoryConfigSchema.prefault({}),
  chat: z
    .object({
      max_context_messages: z.number().int().min(1).max(500).default(20),
      summary_threshold: z.number().int().min(2).default(50),
      summary_chunk: z.number().int().min(1).default(10),
      summary_max_chars: z.number().int().min(100).default(1200),
      session_idle_hours: z.number().positive().default(24),
      default_token_budget: z.number().int().min(16).max(4096).default(500),
      turn_fatigue: z.number().min(0).default(0.5),
      turn_energy_cost: z.number().min(0).default(1),
      profile_facts: z.number().int().min(0).max(50).default(8),
    })
    .prefault({}),
  relationship: z.object({ turn_minutes: z.number().min(0).max(1440).default(5) }).prefault({}),
  emotion: z
    .object({
      mood_gain: z.number().min(0).max(1).default(0.25),
      half_life_s: z.number().positive().default(1800),
      energy_half_life_s: z.number().positive().default(3600),
    })
    .prefault({}),
  conversation: z
    .object({
      continue_threshold: z.number().min(0).max(100).default(40),
      min_tokens_remaining: z.number().int().min(0).default(50),
      default_token_budget: z.number().int().min(100).max(100_000).default(1000),
      max_duration_s: z.number().min(30).max(86_400).default(600),
      base_cooldown_s: z.number().min(0).default(300),
      satisfying_score: z.number().min(0).max(100).default(70),
      unsatisfying_score: z.number().min(0).max(100).default(30),
      satisfying_multiplier: z.number().min(0).default(0.5),
      unsatisfying_multiplier: z.number().min(0).default(2.0),
      autopilot: z
        .object({
          enabled: z.boolean().default(false),
          tick_seconds: z.number().min(1).default(30),
          advance_probability: z.number().min(0).max(1).default(0.3),
          max_concurrent: z.number().int().min(0).default(3),
          topics: z.array(z.string().min(1)).min(1).default(['gossip', 'travel', 'magic', 'stories', 'local_news']),
        })
        .prefault({}),
    })
    .prefault({}),
});
/** The application configuration, fully defaulted. */
export type AppConfig = z.infer<typeof AppConfigSchema>;
/** Any subset of the configuration, as a file, env or flags give it. */
export type AppConfigInput = z.input<typeof AppConfigSchema>;
