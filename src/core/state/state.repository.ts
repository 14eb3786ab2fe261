import type { EntityManager } from 'typeorm';
import { AppError } from '../../shared/index.ts';
import {
  cachedRow, decodeRow, findRow, prepared, sqliteOf, upsertRow,
  type EmotionalStateRow, type InteractionStateRow, type VisualStateRow,
} from '../db/index.ts';

/** The per-persona state rows: interaction, emotion and visual. */
export interface StateRepository {
  /** The interaction row (synchronous: served from the row cache). */
  getInteraction(personaId: string): InteractionStateRow | null;
  saveInteraction(row: InteractionStateRow): Promise<void>;
  listInteractions(): Promise<InteractionStateRow[]>;
  getEmotion(personaId: string): Promise<EmotionalStateRow | null>;
  saveEmotion(row: EmotionalStateRow): Promise<void>;
  listEmotions(): Promise<EmotionalStateRow[]>;
  getVisual(personaId: string): Promise<VisualStateRow | null>;
  /** Interaction and emotion rows of a persona; INTERNAL_ERROR when they are missing (every persona has both). */
  requireRows(personaId: string): Promise<{ ir: InteractionStateRow; er: EmotionalStateRow }>;
  saveVisual(row: VisualStateRow): Promise<void>;
  /** Records that a persona's memories decayed at `at` (`last_decayed_at`). */
  markDecayed(personaId: string, at: string): void;
  /** Records that a persona's memories were pruned at `at` (`last_pruned_at`). */
  markPruned(personaId: string, at: string): void;
  /** Persona ids in decay order: never decayed first, then least recently decayed; at most `limit` (0 = all). */
  decayOrder(limit: number): string[];
  /** Writes the given columns of one state row of a persona, as a state bundle holds them (unchecked fields). */
  importFields(kind: StateKind, personaId: string, fields: Record<string, unknown>): void;
}

/** The three per-persona state rows. */
export type StateKind = 'interaction' | 'emotion' | 'visual';

const TABLES: Record<StateKind, string> = { interaction: 'interaction_states', emotion: 'emotional_states', visual: 'visual_states' };

/** State repository bound to an entity manager. */
export function createStateRepository(em: EntityManager): StateRepository {
  const sqlite = sqliteOf(em);
  const row = <T>(table: string, persona_id: string) => cachedRow<T>(sqlite, `${table}:${persona_id}`, () => findRow<T>(sqlite, table, { persona_id }));
  const all = <T>(table: string) => cachedRow<T[]>(sqlite, `${table}:*`, () => (prepared(sqlite, `SELECT * FROM ${table} ORDER BY persona_id`).all() as Record<string, unknown>[])
    .map((r) => decodeRow<T>(table, r))) ?? [];
  return {
    getInteraction: (persona_id) => row<InteractionStateRow>('interaction_states', persona_id),
    async saveInteraction(row) {
      upsertRow(sqlite, 'interaction_states', ['persona_id'], { ...row });
    },
    listInteractions: async () => all<InteractionStateRow>('interaction_states'),
    getEmotion: async (persona_id) => row<EmotionalStateRow>('emotional_states', persona_id),
    async saveEmotion(row) {
      upsertRow(sqlite, 'emotional_states', ['persona_id'], { ...row });
    },
    listEmotions: async () => all<EmotionalStateRow>('emotional_states'),
    getVisual: async (persona_id) => row<VisualStateRow>('visual_states', persona_id),
    async requireRows(persona_id) {
      const ir = row<InteractionStateRow>('interaction_states', persona_id);
      const er = row<EmotionalStateRow>('emotional_states', persona_id);
      if (!ir || !er) throw new AppError('INTERNAL_ERROR', `Persona ${persona_id} is missing its state rows`);
      return { ir, er };
    },
    async saveVisual(row) {
      upsertRow(sqlite, 'visual_states', ['persona_id'], { ...row });
    },
    markDecayed(personaId, at) {
      prepared(sqlite, 'UPDATE interaction_states SET last_decayed_at = ? WHERE persona_id = ?').run(at, personaId);
    },
    markPruned(personaId, at) {
      prepared(sqlite, 'UPDATE interaction_states SET last_pruned_at = ? WHERE persona_id = ?').run(at, personaId);
    },
    decayOrder(limit) {
      const rows = prepared(sqlite, `SELECT p.id FROM personas p JOIN interaction_states s ON s.persona_id = p.id
        ORDER BY s.last_decayed_at IS NOT NULL, s.last_decayed_at, p.id LIMIT ?`).all(limit > 0 ? limit : -1) as { id: string }[];
      return rows.map((r) => r.id);
    },
    importFields(kind, persona_id, fields) {
      upsertRow(sqlite, TABLES[kind], ['persona_id'], { ...fields, persona_id });
    },
  };
}
