import type { EntityManager } from 'typeorm';
import type { RelationshipEvent, RelationshipType } from '../../shared/index.ts';
import { RelationshipEntity, RelationshipEventEntity, decodeRow, findRow, insertRow, prepared, sqliteOf, upsertRow, type RelationshipRow } from '../db/index.ts';

/** Filters for listing a persona's relationships. */
export interface RelationshipListFilter {
  kind: 'persona' | 'participant' | 'all';
  relationship_type?: RelationshipType;
  limit: number;
  offset: number;
}

/** Directed relationships and their event history. */
export interface RelationshipRepository {
  get(subjectId: string, counterpartKey: string): Promise<RelationshipRow | null>;
  /** A subject's relationships, latest interaction first. */
  list(subjectId: string, filter: RelationshipListFilter): Promise<{ rows: RelationshipRow[]; total: number }>;
  all(): Promise<RelationshipRow[]>;
  save(row: RelationshipRow): Promise<void>;
  addEvent(event: RelationshipEvent & { counterpart_persona_id: string | null }): Promise<void>;
  /** Most recent events of one relationship, newest first. */
  events(subjectId: string, counterpartKey: string, limit: number): Promise<RelationshipEvent[]>;
  /** Rows where the persona is subject or counterpart (state bundles). */
  involving(personaId: string): RelationshipRow[];
  /** Rows where the persona is subject or counterpart (for delete reports). */
  countInvolving(personaId: string): Promise<number>;
}

/** Relationship repository bound to an entity manager. */
export function createRelationshipRepository(em: EntityManager): RelationshipRepository {
  const rels = em.getRepository(RelationshipEntity);
  const events = em.getRepository(RelationshipEventEntity);
  return {
    get: async (subject_id, counterpart_key) => findRow<RelationshipRow>(sqliteOf(em), 'relationships', { subject_id, counterpart_key }),
    async list(subjectId, f) {
      const qb = rels.createQueryBuilder('r').where('r.subject_id = :subjectId', { subjectId });
      if (f.kind === 'persona') qb.andWhere('r.counterpart_persona_id IS NOT NULL');
      if (f.kind === 'participant') qb.andWhere('r.counterpart_persona_id IS NULL');
      if (f.relationship_type) qb.andWhere('r.relationship_type = :t', { t: f.relationship_type });
      const [rows, total] = await qb
        .orderBy('r.last_interaction', 'DESC')
        .addOrderBy('r.counterpart_key', 'ASC')
        .take(f.limit)
        .skip(f.offset)
        .getManyAndCount();
      return { rows, total };
    },
    all: () => rels.find(),
    involving(personaId) {
      const rows = prepared(sqliteOf(em), 'SELECT * FROM relationships WHERE subject_id = ? OR counterpart_persona_id = ?').all(personaId, personaId) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<RelationshipRow>('relationships', r));
    },
    async save(row) {
      upsertRow(sqliteOf(em), 'relationships', ['subject_id', 'counterpart_key'], { ...row });
    },
    async addEvent(event) {
      insertRow(sqliteOf(em), 'relationship_events', { ...event });
    },
    async events(subject_id, counterpart_key, limit) {
      if (limit <= 0) return [];
      const rows = await events.find({ where: { subject_id, counterpart_key }, order: { id: 'DESC' }, take: limit });
      return rows.map(({ id: _id, counterpart_persona_id: _c, ...e }) => e);
    },
    countInvolving: (personaId) =>
      rels
        .createQueryBuilder('r')
        .where('r.subject_id = :p OR r.counterpart_persona_id = :p', { p: personaId })
        .getCount(),
  };
}
