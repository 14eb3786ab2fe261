import type { EntityManager } from 'typeorm';
import type { Persona } from '../../shared/index.ts';
import { PersonaEntity, asRowValues, cachedRow, decodeRow, findRow, prepared, sqliteOf } from '../db/index.ts';

/** Persona rows: lookups by id or case-insensitive name, listing, writes. */
export interface PersonaRepository {
  get(id: string): Promise<Persona | null>;
  /** Finds by exact id, else by case-insensitive name (synchronous: served from the row cache). */
  resolve(ref: string): Persona | null;
  findByName(name: string): Promise<Persona | null>;
  /** Every persona by name (synchronous: one cached entry). */
  list(): Persona[];
  count(): Promise<number>;
  insert(persona: Persona): Promise<void>;
  save(persona: Persona): Promise<void>;
  delete(id: string): Promise<void>;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Persona repository bound to an entity manager (inside or outside a transaction). */
export function createPersonaRepository(em: EntityManager): PersonaRepository {
  const repo = em.getRepository(PersonaEntity);
  const sqlite = sqliteOf(em);
  // Keys are exact: names match COLLATE NOCASE, which folds ASCII only, so `ref` is not folded here.
  const byName = (name: string) => cachedRow<Persona>(sqlite, `persona:name:${name}`, () => {
    const raw = prepared(sqlite, 'SELECT * FROM personas WHERE name = ? COLLATE NOCASE LIMIT 1').get(name) as Record<string, unknown> | undefined;
    return raw ? decodeRow<Persona>('personas', raw) : null;
  });
  const byId = (id: string) => cachedRow<Persona>(sqlite, `persona:id:${id}`, () => findRow<Persona>(sqlite, 'personas', { id }));
  const findByName = async (name: string) => byName(name);
  return {
    get: async (id) => byId(id),
    resolve(ref) {
      const trimmed = ref.trim();
      if (UUID_RE.test(trimmed)) {
        const found = byId(trimmed.toLowerCase());
        if (found) return found;
      }
      return byName(trimmed);
    },
    findByName,
    // The whole list is one cached entry: every REST and MCP listing reads it (ADR 0005).
    list: () => cachedRow<Persona[]>(sqlite, 'persona:list', () => (prepared(sqlite, 'SELECT * FROM personas ORDER BY name COLLATE NOCASE ASC, id ASC').all() as Record<string, unknown>[])
      .map((r) => decodeRow<Persona>('personas', r))) ?? [],
    count: () => repo.count(),
    async insert(persona) {
      await repo.insert(asRowValues({ ...persona }));
    },
    async save(persona) {
      await repo.save(persona);
    },
    async delete(id) {
      await repo.delete({ id });
    },
  };
}
