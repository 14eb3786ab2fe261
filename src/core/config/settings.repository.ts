import type { EntityManager } from 'typeorm';
import { SettingEntity, prepared, sqliteOf } from '../db/index.ts';

/** A stored setting with its raw JSON and when it was last written. */
export interface SettingStamp {
  key: string;
  value: string;
  updated_at: string;
}

/** Run-time settings stored as JSON by key (`seeded`, `llm`, `memory`, …). */
export interface SettingsRepository {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, at: string): Promise<void>;
  /**
   * The stored rows of the given keys with their write stamps, read synchronously (the shared-settings
   * sync runs on the request path and only re-parses a value whose stamp changed).
   */
  stamps(keys: readonly string[]): SettingStamp[];
}

/** Settings repository bound to an entity manager. */
export function createSettingsRepository(em: EntityManager): SettingsRepository {
  const repo = em.getRepository(SettingEntity);
  const sqlite = sqliteOf(em);
  return {
    async get<T>(key: string) {
      const row = await repo.findOneBy({ key });
      return row ? (row.value as T) : undefined;
    },
    async set(key, value, at) {
      await repo.save({ key, value, updated_at: at });
    },
    stamps(keys) {
      if (!sqlite.open || keys.length === 0) return [];
      const sql = `SELECT key, value, updated_at FROM settings WHERE key IN (${keys.map(() => '?').join(', ')})`;
      return prepared(sqlite, sql).all(...keys) as SettingStamp[];
    },
  };
}
