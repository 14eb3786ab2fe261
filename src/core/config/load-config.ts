import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError, type AppConfig } from '../../shared/index.ts';
import { configFromEnv, resolveConfig, type ConfigTree } from './config-layers.ts';

/** What the host knows before reading the config file. */
export interface LoadConfigOptions {
  /** Config values from CLI flags (highest precedence). */
  flags?: ConfigTree;
  /** Explicit config file (`--config`); default `config.json` in the data dir. */
  configPath?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The effective configuration and where it came from. */
export interface LoadedConfig {
  config: AppConfig;
  /** Config file that was read, or null when none exists. */
  configFile: string | null;
}

/**
 * Loads the configuration once: defaults < `config.json` in the data dir < `PERSONA_MCP_*` env <
 * flags. The data dir itself may come from flags or env; the result's `data_dir` is absolute.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const flags = options.flags ?? {};
  const envTree = configFromEnv(env);
  const dataDir = String(flags.data_dir ?? envTree.data_dir ?? './data');
  const explicit = options.configPath !== undefined;
  const file = explicit ? resolve(cwd, options.configPath as string) : join(resolve(cwd, dataDir), 'config.json');
  let fileTree: ConfigTree = {};
  let configFile: string | null = null;
  if (existsSync(file)) {
    fileTree = readConfigFile(file);
    configFile = file;
  } else if (explicit) {
    throw new AppError('INVALID_PARAMS', `Config file not found: ${file}`, { details: { path: file } });
  }
  const config = resolveConfig([
    { name: configFile ?? 'config file', tree: fileTree },
    { name: 'environment', tree: envTree },
    { name: 'flags', tree: flags },
  ]);
  config.data_dir = isAbsolute(config.data_dir) ? config.data_dir : resolve(cwd, config.data_dir);
  return { config, configFile };
}

function readConfigFile(file: string): ConfigTree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError('INVALID_PARAMS', `Config file ${file} is not valid JSON: ${(err as Error).message}`, {
      details: { path: file },
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('INVALID_PARAMS', `Config file ${file} must hold a JSON object`, { details: { path: file } });
  }
  return parsed as ConfigTree;
}

/** The configuration with secrets replaced by `"***"`, for printing. */
export function redactConfig(config: AppConfig): AppConfig {
  const copy = structuredClone(config);
  if (copy.llm.api_key) copy.llm.api_key = '***';
  if (copy.auth.token) copy.auth.token = '***';
  return copy;
}
