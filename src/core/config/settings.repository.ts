import type { EntityManager } from 'typeorm';
import { SettingEntity } from '../db/index.ts';

/** Run-time settings stored as JSON by key (`seeded`, `llm`, `memory`, …). */
export interface SettingsRepository {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, at: string): Promise<void>;
}

/** Settings repository bound to an entity manager. */
export function createSettingsRepository(em: EntityManager): SettingsRepository {
  const repo = em.getRepository(SettingEntity);
  return {
    async get<T>(key: string) {
      const row = await repo.findOneBy({ key });
      return row ? (row.value as T) : undefined;
    },
    async set(key, value, at) {
      await repo.save({ key, value, updated_at: at });
    },
  };
}
