import type { EntityManager } from 'typeorm';
import { BotConfigEntity, type BotConfigRow } from '../db/index.ts';

/** Non-secret bot configurations, one per persona (`bot_configs`). */
export interface BotConfigRepository {
  get(personaId: string): Promise<BotConfigRow | null>;
  list(): Promise<BotConfigRow[]>;
  save(row: BotConfigRow): Promise<void>;
  /** Deletes the row; true when there was one. */
  delete(personaId: string): Promise<boolean>;
}

/** Bot configuration repository bound to an entity manager. */
export function createBotConfigRepository(em: EntityManager): BotConfigRepository {
  const repo = em.getRepository(BotConfigEntity);
  return {
    get: (personaId) => repo.findOneBy({ persona_id: personaId }),
    list: () => repo.find({ order: { persona_id: 'ASC' } }),
    async save(row) {
      await repo.save(row);
    },
    async delete(personaId) {
      const r = await repo.delete({ persona_id: personaId });
      return (r.affected ?? 0) > 0;
    },
  };
}
