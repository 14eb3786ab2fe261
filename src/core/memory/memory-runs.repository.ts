import type { EntityManager } from 'typeorm';
import { decodeRow, insertRow, prepared, sqliteOf, type DecayRunRow, type PruneRunRow, type PruneStateRow, type RetentionRunRow } from '../db/index.ts';

/** Totals over the persisted prune runs (`memory.prune_stats`). */
export interface PruneRunTotals {
  /** Runs that were not dry runs. */
  runs: number;
  memories_pruned: number;
  personas: number;
  average_processing_time: number | null;
  /** Start of the latest global run, null when none. */
  last_global_at: string | null;
  /** Start of the latest non-dry run by persona id. */
  last_by_persona: Record<string, string>;
}

/** Totals over the persisted global decay cycles (`memory.decay_stats`). */
export interface DecayCycleTotals {
  cycles: number;
  memories_decayed: number;
  auto_prunes_triggered: number;
  /** The latest global cycle, null when none ran. */
  last: DecayRunRow | null;
}

/** A table of memory job runs. */
export type RunTable = 'decay_runs' | 'prune_runs' | 'retention_runs';

const LAST_RUN_SQL: Record<RunTable, string> = {
  decay_runs: 'SELECT * FROM decay_runs ORDER BY started_at DESC LIMIT 1',
  prune_runs: 'SELECT * FROM prune_runs ORDER BY started_at DESC LIMIT 1',
  retention_runs: 'SELECT * FROM retention_runs ORDER BY started_at DESC, rowid DESC LIMIT 1',
};

/** The history of decay, prune and archive retention runs (`decay_runs`, `prune_runs`, `retention_runs`). */
export interface MemoryRunsRepository {
  insertDecayRun(row: DecayRunRow): void;
  insertPruneRun(row: PruneRunRow): void;
  insertRetentionRun(row: RetentionRunRow): void;
  /** Totals of the non-dry prune runs and the latest run per persona. */
  pruneTotals(): PruneRunTotals;
  /** The latest `limit` prune runs (dry runs too), newest first. */
  recentPruneRuns(limit: number): PruneRunRow[];
  /** Totals of the global decay cycles (runs without a persona) and the latest one. */
  decayCycleTotals(): DecayCycleTotals;
  /** The newest row of a run table as stored (system.status shows it raw), or null. */
  lastRun(table: RunTable): Record<string, unknown> | null;
  /** The pruning state of a persona: back-off, skipped runs and its active memory count (all 0 when it has no row). */
  pruneState(personaId: string): PruneStateRow;
  /** Sets the persona's `next_prune_at_count`, and counts one skipped automatic run when `skipped`. */
  savePruneState(personaId: string, nextPruneAtCount: number, skipped: boolean): void;
  /** Personas holding at least `min` active memories (prune_state's trigger-kept counts, no scan). */
  personasWithAtLeast(min: number): { persona_id: string; memory_count: number }[];
  /** Skipped automatic runs by persona id (personas with at least one). */
  skippedRuns(): Record<string, number>;
}

/** Decay and prune run repository bound to an entity manager. */
export function createMemoryRunsRepository(em: EntityManager): MemoryRunsRepository {
  const sqlite = sqliteOf(em);
  const stmt = (sql: string) => prepared(sqlite, sql);
  return {
    insertDecayRun(row) {
      insertRow(sqlite, 'decay_runs', { ...row });
    },
    insertPruneRun(row) {
      insertRow(sqlite, 'prune_runs', { ...row });
    },
    insertRetentionRun(row) {
      insertRow(sqlite, 'retention_runs', { ...row });
    },
    pruneTotals() {
      const agg = stmt('SELECT count(*) AS n, coalesce(sum(memories_pruned),0) AS pruned, count(DISTINCT persona_id) AS personas, avg(processing_time) AS avg_t FROM prune_runs WHERE dry_run = 0')
        .get() as { n: number; pruned: number; personas: number; avg_t: number | null };
      const last = stmt("SELECT max(started_at) AS at FROM prune_runs WHERE trigger = 'global'").get() as { at: string | null };
      const per = stmt('SELECT persona_id, max(started_at) AS at FROM prune_runs WHERE dry_run = 0 GROUP BY persona_id').all() as { persona_id: string; at: string }[];
      return {
        runs: agg.n, memories_pruned: agg.pruned, personas: agg.personas, average_processing_time: agg.avg_t,
        last_global_at: last.at, last_by_persona: Object.fromEntries(per.map((p) => [p.persona_id, p.at])),
      };
    },
    recentPruneRuns(limit) {
      const rows = stmt('SELECT * FROM prune_runs ORDER BY started_at DESC LIMIT ?').all(limit) as Record<string, unknown>[];
      return rows.map((r) => decodeRow<PruneRunRow>('prune_runs', r));
    },
    decayCycleTotals() {
      const agg = stmt('SELECT count(*) AS n, coalesce(sum(memories_decayed),0) AS d, coalesce(sum(auto_prunes_triggered),0) AS p FROM decay_runs WHERE persona_id IS NULL')
        .get() as { n: number; d: number; p: number };
      const last = stmt('SELECT * FROM decay_runs WHERE persona_id IS NULL ORDER BY started_at DESC LIMIT 1').get() as Record<string, unknown> | undefined;
      return { cycles: agg.n, memories_decayed: agg.d, auto_prunes_triggered: agg.p, last: last ? decodeRow<DecayRunRow>('decay_runs', last) : null };
    },
    lastRun(table) {
      return (stmt(LAST_RUN_SQL[table]).get() as Record<string, unknown> | undefined) ?? null;
    },
    pruneState(personaId) {
      const row = stmt('SELECT persona_id, next_prune_at_count, skipped_runs, memory_count FROM prune_state WHERE persona_id = ?').get(personaId) as PruneStateRow | undefined;
      return row ?? { persona_id: personaId, next_prune_at_count: 0, skipped_runs: 0, memory_count: 0 };
    },
    savePruneState(personaId, nextPruneAtCount, skipped) {
      stmt(`INSERT INTO prune_state (persona_id, next_prune_at_count, skipped_runs) VALUES (@p, @next, @skip)
        ON CONFLICT(persona_id) DO UPDATE SET next_prune_at_count = @next, skipped_runs = skipped_runs + @skip`)
        .run({ p: personaId, next: nextPruneAtCount, skip: skipped ? 1 : 0 });
    },
    personasWithAtLeast(min) {
      return stmt('SELECT persona_id, memory_count FROM prune_state WHERE memory_count >= ?').all(min) as { persona_id: string; memory_count: number }[];
    },
    skippedRuns() {
      const rows = stmt('SELECT persona_id, skipped_runs FROM prune_state WHERE skipped_runs > 0').all() as { persona_id: string; skipped_runs: number }[];
      return Object.fromEntries(rows.map((r) => [r.persona_id, r.skipped_runs]));
    },
  };
}
