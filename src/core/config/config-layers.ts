import type { z } from 'zod';
import { AppConfigSchema, AppError, shapeOf, unwrapSchema, type AppConfig, type ValidationIssue } from '../../shared/index.ts';

/** A plain nested object of config values. */
export type ConfigTree = Record<string, unknown>;

/** Env var prefix; `PERSONA_MCP_A__B=v` sets key `a.b` (double underscore nests). */
export const ENV_PREFIX = 'PERSONA_MCP_';

/** Short env names for the most used keys (also documented in `--help`). */
export const ENV_SHORTCUTS: Readonly<Record<string, string>> = {
  DATA_DIR: 'data_dir',
  HOST: 'server.host',
  MCP_PORT: 'server.mcp_port',
  API_PORT: 'server.api_port',
  LOG_LEVEL: 'log.level',
  TOKEN: 'auth.token',
  LLM_PROVIDER: 'llm.provider',
  LLM_BASE_URL: 'llm.base_url',
  LLM_MODEL: 'llm.model',
  LLM_API_KEY: 'llm.api_key',
};

/**
 * `PERSONA_MCP_*` variables that are not config keys: process-level hand-offs from the host to its
 * children (the desktop app's secret key, a bot's internal MCP token, STANDALONE = no host answers
 * on the IPC channel, JOBS = who runs the background jobs, ADR 0008). Never part of the config.
 */
export const ENV_PROCESS_VARIABLES: ReadonlySet<string> = new Set(['SECRET_KEY', 'MCP_TOKEN', 'MCP_URL', 'BOT_KNOWN_BOTS', 'STANDALONE', 'JOBS']);

/** Sets `value` at a dotted `path` inside `tree` (creating objects on the way). */
export function setPath(tree: ConfigTree, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as ConfigTree;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Parses an env/flag string: JSON when it parses (numbers, booleans, arrays), else the raw string. */
export function parseScalar(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Reads `PERSONA_MCP_*` variables into a config tree. */
export function configFromEnv(env: Record<string, string | undefined>): ConfigTree {
  const tree: ConfigTree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const rest = name.slice(ENV_PREFIX.length);
    if (ENV_PROCESS_VARIABLES.has(rest)) continue;
    const path = ENV_SHORTCUTS[rest] ?? rest.toLowerCase().split('__').join('.');
    // Keys that are plain strings keep their text even if it looks like JSON (e.g. a numeric token).
    const stringKey = ['data_dir', 'server.host', 'auth.token', 'llm.api_key', 'llm.model'].includes(path);
    setPath(tree, path, stringKey ? raw : parseScalar(raw));
  }
  return tree;
}

/** Deep merge: objects merge key by key, everything else (arrays included) replaces. */
export function deepMerge(...layers: ConfigTree[]): ConfigTree {
  const out: ConfigTree = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const prev = out[key];
      const bothObjects = isPlainObject(prev) && isPlainObject(value);
      out[key] = bothObjects ? deepMerge(prev as ConfigTree, value as ConfigTree) : value;
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is ConfigTree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths of keys in `value` that the schema does not know (typos fail fast instead of being ignored). */
export function unknownKeys(schema: z.ZodType, value: unknown, prefix = ''): string[] {
  const shape = objectShape(schema);
  if (!shape || !isPlainObject(value)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const sub = shape[key];
    if (!sub) out.push(path);
    else out.push(...unknownKeys(sub, child, path));
  }
  return out;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  return shapeOf(unwrapSchema(schema, 8)) ?? null;
}

/**
 * Validates layered config (later layers win) against the one schema. Bad config fails fast with
 * INVALID_PARAMS whose message names every bad key, e.g. `config key server.mcp_port: …`.
 */
export function resolveConfig(layers: { name: string; tree: ConfigTree }[]): AppConfig {
  const issues: ValidationIssue[] = [];
  const lines: string[] = [];
  for (const layer of layers) {
    for (const key of unknownKeys(AppConfigSchema, layer.tree)) {
      issues.push({ path: key.split('.'), code: 'unrecognized_keys', message: `unknown key (from ${layer.name})` });
      lines.push(`config key ${key}: unknown key (from ${layer.name})`);
    }
  }
  const merged = deepMerge(...layers.map((l) => l.tree));
  const parsed = AppConfigSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      issues.push({ path, code: issue.code, message: issue.message });
      lines.push(`config key ${path.join('.') || '(root)'}: ${issue.message}`);
    }
  }
  if (issues.length) throw new AppError('INVALID_PARAMS', `Invalid configuration:\n  ${lines.join('\n  ')}`, { issues });
  return parsed.data as AppConfig;
}
