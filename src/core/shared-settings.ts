import type { AppConfig } from '../shared/index.ts';
import type { SettingsRepository } from './config/settings.repository.ts';
import type { LlmRegistry } from './llm/index.ts';
import { mergeMemoryConfig, type MemoryConfigStore } from './memory/memory-config.ts';
import type { SecretStore } from './secrets/index.ts';
import { effectiveLlmSettings } from './system/llm-settings.service.ts';

/** Settings that one process saves and every other process of the same data dir applies. */
const SHARED_KEYS = ['llm', 'memory'] as const;

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
}

/**
 * Builds the sync; the stamps present at construction count as applied (the composition root
 * reads the saved values itself when it builds the registry and the memory store).
 */
export function createSharedSettingsSync(deps: SharedSettingsDeps): SharedSettingsSync {
  // Stamp and value: two writes within one clock tick (or under a fixed test clock) share a stamp.
  const seen = new Map<string, string>();
  const mark = (row: { updated_at: string; value: string }) => `${row.updated_at}\n${row.value}`;
  for (const row of deps.settings.stamps(SHARED_KEYS)) seen.set(row.key, mark(row));
  let lastSync = Date.now();
  return {
    sync(force = false) {
      const now = Date.now();
      if (!force && now - lastSync < 1000) return false;
      lastSync = now;
      let applied = false;
      for (const row of deps.settings.stamps(SHARED_KEYS)) {
        if (seen.get(row.key) === mark(row)) continue;
        applied = true;
        seen.set(row.key, mark(row));
        const saved = JSON.parse(row.value) as Record<string, unknown>;
        if (row.key === 'llm') deps.llm.replace(effectiveLlmSettings(deps.config.llm, saved, deps.secrets));
        else deps.memory.setGlobal(mergeMemoryConfig(deps.config.memory, saved));
      }
      return applied;
    },
  };
}
