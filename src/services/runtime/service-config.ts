// The flags every service entry accepts (--data-dir, --host, --<service>-port, --config,
// --log-level) turned into the config, loaded once with the usual layers.
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../shared/index.ts';
import { configureLogging, loadConfig, parseSecretKey, type ConfigTree } from '../../core/index.ts';

/** What an entry learns from its command line and environment. */
export interface ServiceStartup {
  config: AppConfig;
  /** The config file in effect (written by the network settings), if any. */
  configFile: string | undefined;
  /** The secret store key handed over by the desktop host (PERSONA_MCP_SECRET_KEY), if any. */
  secretKey: Buffer | undefined;
  /** Boolean flags beyond the common ones (e.g. `--stdio`). */
  switches: Record<string, boolean>;
}

/**
 * Parses `argv` strictly (unknown flags fail), loads the layered config, configures logging for
 * `service`, and reads the hand-over key from `env`. `switches` names extra boolean flags.
 */
export function loadServiceStartup(service: 'mcp' | 'api', argv: string[], env: NodeJS.ProcessEnv, switches: string[] = []): ServiceStartup {
  const portFlag = `${service}-port`;
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    'data-dir': { type: 'string' }, host: { type: 'string' }, [portFlag]: { type: 'string' },
    config: { type: 'string' }, 'log-level': { type: 'string' },
    ...Object.fromEntries(switches.map((s) => [s, { type: 'boolean' as const }])),
  };
  if (service === 'mcp') options.toolsets = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true }) as { values: Record<string, string | boolean | undefined> };
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const flags: ConfigTree = {};
  if (text('data-dir')) flags.data_dir = text('data-dir');
  const server: ConfigTree = {};
  if (text('host')) server.host = text('host');
  if (text(portFlag) !== undefined) server[`${service}_port`] = Number(text(portFlag));
  if (Object.keys(server).length) flags.server = server;
  if (text('log-level')) flags.log = { level: text('log-level') };
  // `--toolsets a,b`: what `mcp --stdio` lists at first (docs/mcp.md "Toolsets").
  if (text('toolsets')) flags.mcp = { toolsets: { stdio: text('toolsets') } };
  const configPath = text('config');
  const { config, configFile } = loadConfig({ flags, env, ...(configPath ? { configPath } : {}) });
  configureLogging({ level: config.log.level, process: service });
  const rawKey = env.PERSONA_MCP_SECRET_KEY;
  return {
    config, configFile: configFile ?? undefined, secretKey: rawKey ? parseSecretKey(rawKey) : undefined,
    switches: Object.fromEntries(switches.map((s) => [s, values[s] === true])),
  };
}
