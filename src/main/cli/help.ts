import { ENV_SHORTCUTS } from '../../core/index.ts';
import { CONFIG_FLAGS } from './cli-args.ts';

/** The `--help` text: every command, every flag and the configuration layers. */
export function helpText(version: string): string {
  const flagLines = Object.entries(CONFIG_FLAGS).map(([flag, { help }]) => `  --${flag.padEnd(14)} ${help}`);
  const envLines = Object.entries(ENV_SHORTCUTS).map(([name, key]) => `  PERSONA_MCP_${name.padEnd(14)} ${key}`);
  return [
    `persona-mcp ${version} — persona intelligence system (MCP, REST, Matrix bots, desktop control panel)`,
    '',
    'Usage: persona-mcp [command] [flags]',
    '',
    'Commands:',
    '  --server                 the host: MCP service + PersonaAPI/dashboard, supervised and restarted on crash (npm run server)',
    '  serve mcp                the MCP service alone: WebSocket and Streamable HTTP at /mcp (default 127.0.0.1:8000)',
    '  serve api                the PersonaAPI, OpenAPI docs and dashboard alone (default 127.0.0.1:8080)',
    '  mcp --stdio              MCP over stdio for desktop MCP clients (logs on stderr; --toolsets picks the tools listed)',
    '  mcp-config [--client C] [--http]',
    '                           print a ready MCP client snippet (C: claude-desktop, cursor, vscode, generic) with this',
    '                           Node\'s and this install\'s absolute paths and the data dir; --http: URL and token header',
    '  init                     create the data dir, run migrations, seed Aria and Kira (first start only)',
    '  methods                  list every operation of the operations table',
    '  call <method> [json]     run one operation against the data dir and print its JSON result',
    '                           e.g. persona-mcp call persona.list   persona-mcp call persona.get \'{"persona_id":"aria"}\'',
    '  config                   print the configuration in effect (a running server\'s, with run-time settings) and where each value came from',
    '',
    'Flags:',
    ...flagLines,
    '  --config <file>          config file (default: config.json in the data dir)',
    '  --set <key=value>        set any config key, e.g. --set memory.pruning.target=500 (repeatable)',
    '  -h, --help               this text',
    '  -v, --version            print the version',
    '',
    'Configuration layers (later wins): defaults < config.json < PERSONA_MCP_* environment < flags.',
    'Any key can be set from the environment with PERSONA_MCP_<SECTION>__<KEY>, e.g. PERSONA_MCP_MEMORY__PRUNING__TARGET=500.',
    'Shortcuts:',
    ...envLines,
    '',
  ].join('\n');
}
