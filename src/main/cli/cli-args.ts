import { parseArgs } from 'node:util';
import { AppError } from '../../shared/index.ts';
import { parseScalar, setPath, type ConfigTree } from '../../core/index.ts';

/** The parsed command line. */
export interface CliArgs {
  command: string | null;
  positionals: string[];
  help: boolean;
  version: boolean;
  server: boolean;
  stdio: boolean;
  /** `mcp-config --client`: the MCP client whose snippet to print. */
  client: string | undefined;
  /** `mcp-config --http`: the Streamable HTTP snippet instead of stdio. */
  http: boolean;
  configPath: string | undefined;

  /** Config values set by flags (highest precedence layer). */
  flags: ConfigTree;
}

/** Flags that map to config keys. */
export const CONFIG_FLAGS = {
  'data-dir': { key: 'data_dir', help: 'Data folder (SQLite file, config.json, logs). Default ./data' },
  host: { key: 'server.host', help: 'Address to bind. Default 127.0.0.1; beyond loopback a token is required' },
  'mcp-port': { key: 'server.mcp_port', help: 'MCP WebSocket/HTTP port (0 = any free port). Default 8000' },
  'api-port': { key: 'server.api_port', help: 'PersonaAPI and dashboard port (0 = any free port). Default 8080' },
  'log-level': { key: 'log.level', help: 'trace, debug, info, warn, error, fatal or silent. Default info' },
  'llm-provider': { key: 'llm.provider', help: 'ollama, openai or offline. Default ollama (offline fallback on)' },
  'llm-url': { key: 'llm.base_url', help: 'LLM server URL. Default http://127.0.0.1:11434' },
  'llm-model': { key: 'llm.model', help: 'Model name. Default llama3.1:8b' },
  toolsets: { key: 'mcp.toolsets.stdio', help: 'mcp --stdio: toolsets listed at first (chat, personas, memory, relationships, conversations, admin, all). Default chat' },
} as const;

const NUMERIC = new Set(['server.mcp_port', 'server.api_port']);

/** Parses argv (without node and script). Unknown flags → INVALID_PARAMS naming the flag. */
export function parseCliArgs(argv: string[]): CliArgs {
  const options = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
    server: { type: 'boolean' },
    stdio: { type: 'boolean' },
    client: { type: 'string' },
    http: { type: 'boolean' },
    config: { type: 'string' },
    set: { type: 'string', multiple: true },
    ...Object.fromEntries(Object.keys(CONFIG_FLAGS).map((k) => [k, { type: 'string' }])),
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError('INVALID_PARAMS', `${(err as Error).message}. Run persona-mcp --help for the flags.`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const flags: ConfigTree = {};
  for (const [flag, { key }] of Object.entries(CONFIG_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    setPath(flags, key, NUMERIC.has(key) ? parseScalar(raw) : raw);
  }
  for (const assignment of (values.set as string[] | undefined) ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new AppError('INVALID_PARAMS', `--set expects key=value, got "${assignment}"`);
    setPath(flags, assignment.slice(0, eq), parseScalar(assignment.slice(eq + 1)));
  }
  const [command = null, ...positionals] = parsed.positionals;
  return {
    command,
    positionals,
    help: values.help === true,
    version: values.version === true,
    server: values.server === true,
    stdio: values.stdio === true,
    client: typeof values.client === 'string' ? values.client : undefined,
    http: values.http === true,
    configPath: typeof values.config === 'string' ? values.config : undefined,
    flags,

  };
}
