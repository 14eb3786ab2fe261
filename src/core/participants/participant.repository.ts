import type { EntityManager } from 'typeorm';
import type { Participant } from '../../shared/index.ts';
import { decodeRow, findRow, insertRow, prepared, sqliteOf, upsertRow, type ParticipantAliasRow, type ParticipantLinkRow } from '../db/index.ts';

/** Filters of `participant.list`: text in the key or name, one platform, a keyset page. */
export interface ParticipantListFilter {
  query?: string;
  platform?: string;
  limit: number;
  /** Continue after this (last_seen_at, key) of the previous page. */
  after?: { last_seen_at: string; key: string };
}

/** Participants: created on first contact, display name kept current; their aliases and link audit. */
export interface ParticipantRepository {
  get(key: string): Promise<Participant | null>;
  /** Inserts or refreshes a participant seen at `at`; returns the stored row. */
  touch(p: { key: string; platform: string; external_id: string; display_name: string }, at: string): Promise<Participant>;
  /** Inserts or replaces a participant as it is (state bundles). */
  save(p: Participant): void;
  /** Participants, most recently seen first, after the cursor; `total` counts every match. */
  list(filter: ParticipantListFilter): { rows: Participant[]; total: number };
  /** Participants whose key may not follow the current rule: on one of `platforms`, or (outside matrix) with upper-case letters in the id. */
  nonCurrent(platforms: readonly string[]): Participant[];
  /** Removes a participant row; true when there was one. */
  delete(key: string): boolean;
  /** The primary key an alias was folded into, or null when `key` is no alias. */
  primaryOf(key: string): string | null;
  /** The alias keys of a primary, oldest link first. */
  aliasesOf(primaryKey: string): ParticipantAliasRow[];
  /** Records `aliasKey` as an alias of `primaryKey` (replacing an earlier mapping of it). */
  addAlias(row: ParticipantAliasRow): void;
  /** Points every alias of `from` at `to` (a primary folded into another); returns how many. */
  repointAliases(from: string, to: string): number;
  /** Removes alias rows naming any of the keys (as alias or primary); returns how many. */
  deleteAliases(keys: readonly string[]): number;
  /** Writes one link audit row. */
  addLink(row: ParticipantLinkRow): void;
  /** Link audit rows naming the key (as primary or secondary), newest first. */
  linksOf(key: string): ParticipantLinkRow[];
  /** Removes link audit rows naming any of the keys; returns how many. */
  deleteLinks(keys: readonly string[]): number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

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
    list(f) {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (f.query) {
        where.push("(key LIKE @q ESCAPE '\\' OR display_name LIKE @q ESCAPE '\\')");
        params.q = `%${escapeLike(f.query)}%`;
      }
      if (f.platform) { where.push('platform = @platform'); params.platform = f.platform; }
      const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (prepared(sqlite, `SELECT count(*) AS n FROM participants ${base}`).get(params) as { n: number }).n;
      const page = [...where];
      if (f.after) {
        page.push('(last_seen_at < @seen OR (last_seen_at = @seen AND key > @key))');
        params.seen = f.after.last_seen_at;
        params.key = f.after.key;
      }
      const sql = `SELECT * FROM participants ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY last_seen_at DESC, key ASC LIMIT @limit`;
      const rows = (prepared(sqlite, sql).all({ ...params, limit: f.limit }) as Record<string, unknown>[]).map((r) => decodeRow<Participant>('participants', r));
      return { rows, total };
    },
    nonCurrent(platforms) {
      const list = platforms.map(() => '?').join(', ');
      const rows = sqlite.prepare(`SELECT * FROM participants WHERE platform IN (${list}) OR (platform <> 'matrix' AND (key <> lower(key) OR platform <> lower(platform))) ORDER BY first_seen_at, key`)
        .all(...platforms) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<Participant>('participants', r));
    },
    delete: (key) => prepared(sqlite, 'DELETE FROM participants WHERE key = ?').run(key).changes > 0,
    primaryOf(key) {
      const row = prepared(sqlite, 'SELECT primary_key FROM participant_aliases WHERE alias_key = ?').get(key) as { primary_key: string } | undefined;
      return row?.primary_key ?? null;
    },
    aliasesOf: (primaryKey) =>
      (prepared(sqlite, 'SELECT * FROM participant_aliases WHERE primary_key = ? ORDER BY linked_at, alias_key').all(primaryKey) as Record<string, unknown>[])
        .map((r) => decodeRow<ParticipantAliasRow>('participant_aliases', r)),
    addAlias(row) {
      upsertRow(sqlite, 'participant_aliases', ['alias_key'], { ...row });
    },
    repointAliases: (from, to) => prepared(sqlite, 'UPDATE participant_aliases SET primary_key = ? WHERE primary_key = ?').run(to, from).changes,
    deleteAliases(keys) {
      if (!keys.length) return 0;
      const list = inList(keys.length);
      return sqlite.prepare(`DELETE FROM participant_aliases WHERE alias_key IN (${list}) OR primary_key IN (${list})`).run(...keys, ...keys).changes;
    },
    addLink(row) {
      insertRow(sqlite, 'participant_links', { ...row });
    },
    linksOf: (key) =>
      (prepared(sqlite, 'SELECT * FROM participant_links WHERE primary_key = ? OR secondary_key = ? ORDER BY linked_at DESC').all(key, key) as Record<string, unknown>[])
        .map((r) => decodeRow<ParticipantLinkRow>('participant_links', r)),
    deleteLinks(keys) {
      if (!keys.length) return 0;
      const list = inList(keys.length);
      return sqlite.prepare(`DELETE FROM participant_links WHERE primary_key IN (${list}) OR secondary_key IN (${list})`).run(...keys, ...keys).changes;
    },
  };
}
