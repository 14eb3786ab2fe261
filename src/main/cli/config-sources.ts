// Where each configuration value came from: default < config file < PERSONA_MCP_* environment <
// flags (the layers of loadConfig), then the run-time settings saved in the data dir, which win.
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../../shared/index.ts';
import { configFromEnv, ENV_PREFIX, ENV_SHORTCUTS, type ConfigTree, type SavedSetting } from '../../core/index.ts';
import { CONFIG_FLAGS } from './cli-args.ts';

/** Dotted key → source, e.g. `"server.mcp_port": "flag --mcp-port"`. */
export type ConfigSources = Record<string, string>;

/** The inputs loadConfig layered. */
export interface ConfigInputs {
  flags: ConfigTree;
  env: Record<string, string | undefined>;
  configFile: string | null;
}

/** The source of every leaf of `config` among the loaded layers. */
export function configSources(config: AppConfig, inputs: ConfigInputs): ConfigSources {
  const envTree = configFromEnv(inputs.env);
  const fileTree = inputs.configFile ? (JSON.parse(readFileSync(inputs.configFile, 'utf8')) as ConfigTree) : {};
  const sources: ConfigSources = {};
  for (const path of leafPaths(config as unknown as ConfigTree)) {
    if (has(inputs.flags, path)) sources[path] = `flag ${flagName(path)}`;
    else if (has(envTree, path)) sources[path] = `env ${envName(path, inputs.env)}`;
    else if (has(fileTree, path)) sources[path] = `file ${inputs.configFile}`;
    else sources[path] = 'default';
  }
  return sources;
}

/** Marks the leaves the saved run-time settings set, naming when each was saved and what it overrides. */
export function withRuntimeSources(sources: ConfigSources, loaded: AppConfig, effective: AppConfig, saved: readonly SavedSetting[]): ConfigSources {
  const out = { ...sources };
  for (const s of saved) {
    for (const leaf of leafPaths(s.value)) {
      const path = `${s.key}.${leaf}`;
      const before = out[path];
      const changed = JSON.stringify(get(loaded, path)) !== JSON.stringify(get(effective, path));
      const note = before && before !== 'default' && changed ? ` (overrides ${before})` : '';
      out[path] = `run-time setting saved at ${s.updated_at}${note}`;
    }
  }
  return out;
}

function leafPaths(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return prefix ? [prefix] : [];
  const entries = Object.entries(tree as ConfigTree);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

function get(tree: unknown, path: string): unknown {
  let node = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as ConfigTree)[part];
  }
  return node;
}

/** True when `tree` sets `path` (an array counts as one value). */
function has(tree: ConfigTree, path: string): boolean {
  let node: unknown = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
    if (!(part in (node as ConfigTree))) return false;
    node = (node as ConfigTree)[part];
  }
  return true;
}

function flagName(path: string): string {
  const flag = Object.entries(CONFIG_FLAGS).find(([, { key }]) => key === path)?.[0];
  return flag ? `--${flag}` : `--set ${path}=…`;
}

function envName(path: string, env: Record<string, string | undefined>): string {
  const full = `${ENV_PREFIX}${path.toUpperCase().split('.').join('__')}`;
  const shortcut = Object.entries(ENV_SHORTCUTS).find(([name, key]) => key === path && env[`${ENV_PREFIX}${name}`] !== undefined)?.[0];
  return env[full] !== undefined || !shortcut ? full : `${ENV_PREFIX}${shortcut}`;
}
