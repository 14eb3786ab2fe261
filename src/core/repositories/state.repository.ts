import type { EntityManager } from 'typeorm';
import {
  EmotionalStateEntity, InteractionStateEntity, VisualStateEntity,
  type EmotionalStateRow, type InteractionStateRow, type VisualStateRow,
} from '../db/index.ts';

/** The per-persona state rows: interaction (§2.2), emotion (§2.6) and visual (§2.7). */
export interface StateRepository {
  getInteraction(personaId: string): Promise<InteractionStateRow | null>;
  saveInteraction(row: InteractionStateRow): Promise<void>;
  listInteractions(): Promise<InteractionStateRow[]>;
  getEmotion(personaId: string): Promise<EmotionalStateRow | null>;
  saveEmotion(row: EmotionalStateRow): Promise<void>;
  listEmotions(): Promise<EmotionalStateRow[]>;
  getVisual(personaId: string): Promise<VisualStateRow | null>;
  saveVisual(row: VisualStateRow): Promise<void>;
}

/** State repository bound to an entity manager. */
export function createStateRepository(em: EntityManager): StateRepository {
  const interactions = em.getRepository(InteractionStateEntity);
  const emotions = em.getRepository(EmotionalStateEntity);
  const visuals = em.getRepository(VisualStateEntity);
  return {
    getInteraction: (persona_id) => interactions.findOneBy({ persona_id }),
    async saveInteraction(row) {
      await interactions.save(row);
    },
    listInteractions: () => interactions.find(),
    getEmotion: (persona_id) => emotions.findOneBy({ persona_id }),
    async saveEmotion(row) {
      await emotions.save(row);
    },
    listEmotions: () => emotions.find(),
    getVisual: (persona_id) => visuals.findOneBy({ persona_id }),
    async saveVisual(row) {
      await visuals.save(row);
    },
  };
}
