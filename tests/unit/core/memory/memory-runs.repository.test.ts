import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database, type DecayRunRow, type PruneRunRow } from '../../../../src/core/db/index.ts';
import { createRepositories } from '../../../../src/core/repositories.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';
import { insertBarePersona } from '../../../support/bare-persona.ts';

const temp = makeTempDir();
let db: Database;
const A = 'a1a1a1a1-0000-4000-8000-000000000001';

beforeAll(async () => {
  db = await openDatabase({ file: join(temp.dir, 'runs.sqlite'), migrate: true });
  insertBarePersona(db, A, 'Aria');
});
afterAll(async () => {
  await db.close();
  temp.cleanup();
});

function pruneRun(id: string, at: string, dryRun: boolean, trigger: string): PruneRunRow {
  return {
    id, persona_id: A, started_at: at, finished_at: at, memories_before: 10, memories_after: dryRun ? 10 : 7, memories_pruned: 3, target_count: 7,
    target_reached: true, average_importance_pruned: 0.1, average_importance_kept: null, processing_time: 0.5, forced: false, dry_run: dryRun,
    protected: { importance: 1, access: 0, grace: 0, pinned: 0, restored: 0 }, pruned_ids: ['x', 'y'], trigger,
  };
}

function decayRun(id: string, personaId: string | null, at: string): DecayRunRow {
  return {
    id, persona_id: personaId, started_at: at, finished_at: at, personas_processed: 1, memories_processed: 4, memories_decayed: 2,
    average_decay: 0.05, auto_prunes_triggered: 1, mode: 'standard', forced: personaId !== null, processing_time: 0.2,
  };
}

describe('memory runs repository', () => {
  it('is empty before any run', () => {
    const r = createRepositories(db.manager).memoryRuns;
    expect(r.pruneTotals()).toMatchObject({ runs: 0, memories_pruned: 0, last_global_at: null, last_by_persona: {} });
    expect(r.decayCycleTotals()).toEqual({ cycles: 0, memories_decayed: 0, auto_prunes_triggered: 0, last: null });
  });

  it('totals the non-dry prune runs, lists recent runs decoded, and totals the global decay cycles', async () => {
    await db.transaction(async (em) => {
      const w = createRepositories(em).memoryRuns;
      w.insertPruneRun(pruneRun('p1', '2026-11-25T10:00:00.000Z', false, 'global'));
      w.insertPruneRun(pruneRun('p2', '2026-11-25T11:00:00.000Z', true, 'manual'));
      w.insertDecayRun(decayRun('d1', null, '2026-11-25T09:00:00.000Z'));
      w.insertDecayRun(decayRun('d2', null, '2026-11-25T12:00:00.000Z'));
      w.insertDecayRun(decayRun('d3', A, '2026-11-25T13:00:00.000Z'));
    });
    const r = createRepositories(db.manager).memoryRuns;
    expect(r.pruneTotals()).toEqual({
      runs: 1, memories_pruned: 3, personas: 1, average_processing_time: 0.5,
      last_global_at: '2026-11-25T10:00:00.000Z', last_by_persona: { [A]: '2026-11-25T10:00:00.000Z' },
    });
    expect(r.recentPruneRuns(5)).toEqual([pruneRun('p2', '2026-11-25T11:00:00.000Z', true, 'manual'), pruneRun('p1', '2026-11-25T10:00:00.000Z', false, 'global')]);
    expect(r.recentPruneRuns(1).map((x) => x.id)).toEqual(['p2']);
    expect(r.decayCycleTotals()).toEqual({ cycles: 2, memories_decayed: 4, auto_prunes_triggered: 2, last: decayRun('d2', null, '2026-11-25T12:00:00.000Z') });
  });
});
