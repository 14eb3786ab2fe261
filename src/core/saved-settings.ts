// The run-time settings a data dir holds (saved by system.configure_llm, memory.config_set and the
// decay/prune jobs), read without creating or migrating anything, and layered over a configuration
// exactly as createCore layers them: so `persona-mcp config` shows what a server uses.
import { existsSync } from 'node:fs';
import type { AppConfig } from '../shared/index.ts';
import { createSettingsRepository } from './config/settings.repository.ts';
import { databaseFile } from './core-context.ts';
import { openDatabase } from './db/index.ts';
import { mergeMemoryConfig } from './memory/memory-config.ts';

/** The settings keys that win over the loaded configuration (the sections they replace). */
export const RUNTIME_SETTING_KEYS = ['llm', 'memory'] as const;

/** One saved run-time setting: the section it replaces, its value and when it was written. */
export interface SavedSetting {
  key: (typeof RUNTIME_SETTING_KEYS)[number];
  value: Record<string, unknown>;
  updated_at: string;
}

/** The saved run-time settings of `dataDir`; none when it has no database (nothing is created). */
export async function readSavedSettings(dataDir: string): Promise<SavedSetting[]> {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) return [];
  const db = await openDatabase({ file, migrate: false });
  try {
    return createSettingsRepository(db.manager).stamps(RUNTIME_SETTING_KEYS).map((row) => ({
      key: row.key as SavedSetting['key'], value: JSON.parse(row.value) as Record<string, unknown>, updated_at: row.updated_at,
    }));
  } catch {
    // A database from before the settings table: no run-time settings yet.
    return [];
  } finally {
    await db.close();
  }
}

/** `config` with the saved settings layered over it, as createCore does (the saved values win). */
export function withSavedSettings(config: AppConfig, saved: readonly SavedSetting[]): AppConfig {
  const out = structuredClone(config);
  for (const s of saved) {
    if (s.key === 'llm') out.llm = { ...out.llm, ...(s.value as Partial<AppConfig['llm']>) };
    else out.memory = mergeMemoryConfig(out.memory, s.value);
  }
  return out;
}
