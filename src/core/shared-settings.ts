import type { AppConfig } from '../shared/index.ts';
import type { SettingsRepository } from './config/settings.repository.ts';
import type { LlmRegistry } from './llm/index.ts';
import { mergeMemoryConfig, type MemoryConfigStore } from './memory/memory-config.ts';

/** Settings that one process saves and every other process of the same data dir applies. */
const SHARED_KEYS = ['llm', 'memory'] as const;

/** Applies the LLM and memory settings another process saved (the dashboard's api service, the mcp service). */
export interface SharedSettingsSync {
  /** Looks at most once a second; re-parses only a setting whose stamp changed since it was last applied. */
  sync(): void;
}

/** What the sync reads and what it updates. */
export interface SharedSettingsDeps {
  settings: SettingsRepository;
  /** The loaded configuration: saved settings are layered over it. */
  config: AppConfig;
  llm: LlmRegistry;
  memory: MemoryConfigStore;
}

/**
 * Builds the sync; the stamps present at construction count as applied (the composition root
 * reads the saved values itself when it builds the registry and the memory store).
 */
export function createSharedSettingsSync(deps: SharedSettingsDeps): SharedSettingsSync {
  const seen = new Map<string, string>();
  for (const row of deps.settings.stamps(SHARED_KEYS)) seen.set(row.key, row.updated_at);
  let lastSync = Date.now();
  return {
    sync() {
      const now = Date.now();
      if (now - lastSync < 1000) return;
      lastSync = now;
      for (const row of deps.settings.stamps(SHARED_KEYS)) {
        if (seen.get(row.key) === row.updated_at) continue;
        seen.set(row.key, row.updated_at);
        const saved = JSON.parse(row.value) as Record<string, unknown>;
        if (row.key === 'llm') deps.llm.replace({ ...deps.config.llm, ...(saved as Partial<AppConfig['llm']>) });
        else deps.memory.setGlobal(mergeMemoryConfig(deps.config.memory, saved));
      }
    },
  };
}
