import type { AppConfig, LlmSettings, MemoryConfig } from '../shared/index.ts';
import type { SettingStamp, SettingsRepository } from './config/settings.repository.ts';
import type { LlmRegistry } from './llm/index.ts';
import { mergeMemoryConfig, type MemoryConfigStore } from './memory/memory-config.ts';
import type { SecretStore } from './secrets/index.ts';
import { effectiveLlmSettings } from './system/llm-settings.service.ts';

/** Settings that one process saves and every other process of the same data dir applies; they win over the configuration. */
export const RUNTIME_SETTING_KEYS = ['llm', 'memory'] as const;

/** A saved run-time setting, parsed: the section it replaces and its value. */
export interface SavedSettingValue {
  key: (typeof RUNTIME_SETTING_KEYS)[number];
  value: Record<string, unknown>;
}

/** Parses stored setting rows (`SettingsRepository.stamps`). */
export function parseSettingRows(rows: readonly SettingStamp[]): SavedSettingValue[] {
  return rows.map((row) => ({ key: row.key as SavedSettingValue['key'], value: JSON.parse(row.value) as Record<string, unknown> }));
}

/**
 * The LLM and memory sections in effect: `config` with the saved settings over it, as every process
 * layers them. The API key comes from `secrets` (never from a row); without `secrets`, no key.
 */
export function layerSavedSettings(config: AppConfig, saved: readonly SavedSettingValue[], secrets?: SecretStore): { llm: LlmSettings; memory: MemoryConfig } {
  const llm = saved.find((s) => s.key === 'llm')?.value;
  const memory = saved.find((s) => s.key === 'memory')?.value;
  return {
    llm: effectiveLlmSettings(config.llm, llm, secrets),
    memory: memory ? mergeMemoryConfig(config.memory, memory) : config.memory,
  };
}

/** Applies the LLM and memory settings another process saved (the dashboard's api service, the mcp service). */
export interface SharedSettingsSync {
  /**
   * Looks at most once a second; re-parses only a setting whose stamp or value changed since it was
   * last applied. An `llm` change re-reads the API key from the secret store (the row has no key, but
   * its `api_key_version` changes with it). `force` looks now, whatever the last look. Returns
   * whether a setting was applied.
   */
  sync(force?: boolean): boolean;
}

/** What the sync reads and what it updates. */
export interface SharedSettingsDeps {
  settings: SettingsRepository;
  /** The loaded configuration: saved settings are layered over it. */
  config: AppConfig;
  llm: LlmRegistry;
  memory: MemoryConfigStore;
  /** Holds the LLM API key. */
  secrets: SecretStore;
  /** The rows already applied at construction. */
  applied: readonly SettingStamp[];
}

/**
 * Builds the sync; `applied` are the rows the registry and the memory store were built from
 * (`layerSavedSettings`), so only later changes are applied.
 */
export function createSharedSettingsSync(deps: SharedSettingsDeps): SharedSettingsSync {
  // Stamp and value: two writes within one clock tick (or under a fixed test clock) share a stamp.
  const seen = new Map<string, string>();
  const mark = (row: { updated_at: string; value: string }) => `${row.updated_at}\n${row.value}`;
  for (const row of deps.applied) seen.set(row.key, mark(row));
  let lastSync = Date.now();
  return {
    sync(force = false) {
      const now = Date.now();
      if (!force && now - lastSync < 1000) return false;
      lastSync = now;
      let applied = false;
      for (const row of deps.settings.stamps(RUNTIME_SETTING_KEYS)) {
        if (seen.get(row.key) === mark(row)) continue;
        applied = true;
        seen.set(row.key, mark(row));
        const next = layerSavedSettings(deps.config, parseSettingRows([row]), deps.secrets);
        if (row.key === 'llm') deps.llm.replace(next.llm);
        else deps.memory.setGlobal(next.memory);
      }
      return applied;
    },
  };
}
