// `persona-mcp config` and the note after `call`: what a data dir's server uses, and whether a
// setting just saved reaches a running server or waits for the next start.
import type { AppConfig } from '../../shared/index.ts';
import { readSavedSettings, redactConfig, withSavedSettings, type SavedSetting } from '../../core/index.ts';
import { readLiveServer, type ServerRecord } from '../host/index.ts';
import { configSources, withRuntimeSources, type ConfigInputs, type ConfigSources } from './config-sources.ts';

/** What `persona-mcp config` prints. */
export interface ConfigReport {
  /** Whose configuration this is: the running server's, or this command's own layers. */
  of: string;
  server: { pid: number; started_at: string; urls: ServerRecord['urls'] } | null;
  config_file: string | null;
  /** The values in effect, run-time settings included, secrets hidden. */
  config: AppConfig;
  /** Dotted key → default, file <path>, env <VAR>, flag <--flag>, or run-time setting saved at <time>. */
  sources: ConfigSources;
}

/** Builds the report for the data dir of `config`: a running server's configuration when one uses it. */
export async function buildConfigReport(config: AppConfig, inputs: ConfigInputs, isAlive?: (pid: number) => boolean): Promise<ConfigReport> {
  const server = readLiveServer(config.data_dir, isAlive);
  const saved = await readSavedSettings(config.data_dir);
  const loaded = server ? (server.config as unknown as AppConfig) : redactConfig(config);
  const layered = server ? server.sources : configSources(config, inputs);
  const effective = withSavedSettings(loaded, saved);
  return {
    of: server
      ? `the server running on this data dir (pid ${server.pid}, started ${server.started_at}); this command's own flags and environment do not change it`
      : 'this command\'s config file, environment and flags (no server is running on this data dir); a server started the same way uses it',
    server: server ? { pid: server.pid, started_at: server.started_at, urls: server.urls } : null,
    config_file: server ? server.config_file : inputs.configFile,
    config: redactConfig(effective),
    sources: withRuntimeSources(layered, loaded, effective, saved),
  };
}

/** The line `call` prints (stderr) when it saved a run-time setting, or null when it saved none. */
export function settingsNote(dataDir: string, before: readonly SavedSetting[], after: readonly SavedSetting[], isAlive?: (pid: number) => boolean): string | null {
  const changed = after.filter((s) => before.find((b) => b.key === s.key)?.updated_at !== s.updated_at).map((s) => s.key);
  if (changed.length === 0) return null;
  const what = `saved the ${changed.join(' and ')} run-time setting${changed.length > 1 ? 's' : ''} in ${dataDir}`;
  const server = readLiveServer(dataDir, isAlive);
  if (server) {
    return `persona-mcp: ${what}; the server running on it (pid ${server.pid}${server.urls.api ? `, ${server.urls.api}` : ''}) applies it from its next request (within a second).`;
  }
  return `persona-mcp: ${what}; no server is running on it: \`persona-mcp --server --data-dir ${dataDir}\` will use it (see \`persona-mcp config\`).`;
}
