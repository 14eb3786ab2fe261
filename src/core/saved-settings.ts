// The run-time settings a data dir holds (saved by system.configure_llm, memory.config_set and the
// decay/prune jobs), read without creating or migrating anything, and layered over a configuration
// exactly as createCore layers them: so `persona-mcp config` shows what a server uses.
import { existsSync } from 'node:fs';
import type { AppConfig } from '../shared/index.ts';
import { createSettingsRepository } from './config/settings.repository.ts';
import { databaseFile } from './core-context.ts';
import { openDatabase, type Database } from './db/index.ts';
import { RUNTIME_SETTING_KEYS, layerSavedSettings, parseSettingRows, type SavedSettingValue } from './shared-settings.ts';

/** One saved run-time setting: the section it replaces, its value and when it was written. */
export interface SavedSetting extends SavedSettingValue {
  updated_at: string;
}

/** The saved run-time settings of `dataDir`; none when it has no database (nothing is created). */
export async function readSavedSettings(dataDir: string): Promise<SavedSetting[]> {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) return [];
  const db = await openDatabase({ file, migrate: false });
  try {
    return savedSettingsIn(db);
  } catch {
    // A database from before the settings table: no run-time settings yet.
    return [];
  } finally {
    await db.close();
  }
}

/** The saved run-time settings in an open database (a process that has its core open reads them there). */
export function savedSettingsIn(db: Database): SavedSetting[] {
  return createSettingsRepository(db.manager).stamps(RUNTIME_SETTING_KEYS).flatMap((row) => parseSettingRows([row]).map((s) => ({ ...s, updated_at: row.updated_at })));
}

/** `config` with the saved settings layered over it, as createCore does (the saved values win; no API key is read). */
export function withSavedSettings(config: AppConfig, saved: readonly SavedSetting[]): AppConfig {
  return { ...structuredClone(config), ...layerSavedSettings(config, saved) };
}
