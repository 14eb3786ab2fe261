import type { EntityManager } from 'typeorm';
import type { Participant } from '../../shared/index.ts';
import { findRow, sqliteOf, upsertRow } from '../db/index.ts';

/** Participants (§2.3): created on first contact, display name kept current. */
export interface ParticipantRepository {
  get(key: string): Promise<Participant | null>;
  /** Inserts or refreshes a participant seen at `at`; returns the stored row. */
  touch(p: { key: string; platform: string; external_id: string; display_name: string }, at: string): Promise<Participant>;
  /** Inserts or replaces a participant as it is (state bundles). */
  save(p: Participant): void;
}

/** Participant repository bound to an entity manager. */
export function createParticipantRepository(em: EntityManager): ParticipantRepository {
  const sqlite = sqliteOf(em);
  const get = async (key: string) => findRow<Participant>(sqlite, 'participants', { key });
  return {
    get,
    async touch(p, at) {
      const existing = await get(p.key);
      const row: Participant = existing
        ? { ...existing, display_name: p.display_name, last_seen_at: at }
        : { ...p, first_seen_at: at, last_seen_at: at };
      upsertRow(sqlite, 'participants', ['key'], { ...row });
      return row;
    },
    save(p) {
      upsertRow(sqlite, 'participants', ['key'], { ...p });
    },
  };
}
