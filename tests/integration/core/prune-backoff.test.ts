import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { pruneTick } from '../../../src/core/memory/prune-job.service.ts';

// docs/memory.md "Pruning": the insert trigger's back-off, the hard ceiling at 2 × max_memories, and
// automatic runs that archive nothing (no prune_runs row; counted as skipped). Vector X13 through the
// operations table on a real core (real SQLite file). Inserts never prune: the pruning job of the
// job-owning process does, so the tests run one job tick after every insert, as the running job would
// between them (the job's own timer is not started here), and then ticks until no run has work left.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
/** Stores a memory, then runs the pruning job's tick as the job owner would after it. */
async function store(input: Json): Promise<void> {
  await t.call('memory.store', input);
  await pruneTick(t.core);
}
/** Ticks until no run has memories left to archive. */
async function settle(): Promise<void> {
  while ((await pruneTick(t.core)).busy);
}

beforeEach(async () => {
  t = await createTestCore({ config: { memory: { pruning: { max_memories: 1000, threshold: 900, target: 800 } } } });
});
afterEach(() => t.close());

const runRows = () => (t.core.db.sqlite.prepare('SELECT trigger, memories_before, memories_after, memories_pruned, protected FROM prune_runs').all() as Json[]);

describe('pruning cost: back-off and ceiling', () => {
  it('X13: 2,000 memory.store calls within the grace period take ≤ 20 passes; at 2,000 the ceiling run archives down to 800', async () => {
    const { persona_id: id } = await t.call<Json>('persona.create', { name: 'Burst' });
    const passes: number[] = [];
    let skippedBefore = 0;
    for (let i = 1; i <= 2000; i += 1) {
      await store({ persona_id: id, content: `Burst note ${i} about the tides.`, importance: 0.2 + (i % 5) / 10 });
      const skipped = (t.core.db.sqlite.prepare('SELECT skipped_runs FROM prune_state WHERE persona_id = ?').get(id) as { skipped_runs: number } | undefined)?.skipped_runs ?? 0;
      if (skipped !== skippedBefore) { passes.push(i); skippedBefore = skipped; }
    }
    await settle();
    const rows = runRows();
    // Every pass before the ceiling archived nothing (grace): no run rows, only skipped runs, spaced by the back-off.
    expect(passes).toEqual([900, 1000, 1050, 1103, 1159, 1217, 1278, 1342, 1410, 1481, 1556, 1634, 1716, 1802, 1893, 1988]);
    expect(passes.length + rows.length).toBeLessThanOrEqual(20);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ trigger: 'insert', memories_before: 2000, memories_after: 800, memories_pruned: 1200 });
    expect(JSON.parse(rows[0]!.protected as string).grace).toBe(0);
    const stats = await t.call<Json>('memory.stats', { persona_id: id });
    expect([stats.total_memories, stats.archived_memories]).toEqual([800, 1200]);
    expect(stats.total_memories + stats.archived_memories).toBe(2000);
    // The count the trigger reads (kept by triggers on insert and delete) matches.
    expect(t.core.db.sqlite.prepare('SELECT memory_count FROM prune_state WHERE persona_id = ?').get(id)).toEqual({ memory_count: 800 });
    const pstats = (await t.call<Json>('memory.prune_stats')).pruning_statistics;
    expect(pstats.skipped_runs).toEqual({ [id]: passes.length });
    expect(pstats.total_pruning_operations).toBe(1);
    // The ceiling run reached its target: the back-off is cleared.
    expect(t.core.db.sqlite.prepare('SELECT next_prune_at_count FROM prune_state WHERE persona_id = ?').get(id)).toEqual({ next_prune_at_count: 0 });
  }, 120_000);

  it('an insert over the threshold does not prune: the count is recorded and the job tick prunes', async () => {
    const { persona_id: id } = await t.call<Json>('persona.create', { name: 'Waiting' });
    for (let i = 0; i < 2000; i += 1) await t.call('memory.store', { persona_id: id, content: `Waiting note ${i}.`, importance: 0.3 });
    // 2,000 inserts, the ceiling among them: nothing was archived on the write path.
    expect(runRows()).toHaveLength(0);
    expect(t.core.db.sqlite.prepare('SELECT memory_count FROM prune_state WHERE persona_id = ?').get(id)).toEqual({ memory_count: 2000 });
    // The job's first tick starts the ceiling run; with a tick limit of 500 it takes three ticks to reach 800.
    const ticks = [];
    do ticks.push(await pruneTick(t.core, 500)); while (ticks[ticks.length - 1]!.busy);
    expect(ticks.map((k) => k.archived)).toEqual([500, 500, 200]);
    expect(runRows()).toEqual([expect.objectContaining({ trigger: 'insert', memories_before: 2000, memories_after: 800, memories_pruned: 1200 })]);
    expect(t.core.db.sqlite.prepare('SELECT memory_count FROM prune_state WHERE persona_id = ?').get(id)).toEqual({ memory_count: 800 });
    // Nothing is due any more: a further tick does nothing.
    expect(await pruneTick(t.core)).toEqual({ archived: 0, finished: 0, busy: false });
  }, 120_000);

  it('protections other than grace hold at the ceiling; a run short of its target backs off again', async () => {
    const { persona_id: id } = await t.call<Json>('persona.create', { name: 'Keeper' });
    // 1,200 important memories (≥ .7 stays protected even at the ceiling), then ordinary ones up to 2,000.
    for (let i = 0; i < 2000; i += 1) {
      await store({ persona_id: id, content: `Keeper note ${i}.`, importance: i < 1200 ? 0.8 : 0.3, pinned: i === 1999 });
    }
    await settle();
    const rows = runRows();
    expect(rows).toHaveLength(1);
    // The ceiling run could archive the 799 unpinned ordinary memories only: 1,201 remain, short of 800.
    expect(rows[0]).toMatchObject({ memories_before: 2000, memories_after: 1201, memories_pruned: 799 });
    expect(JSON.parse(rows[0]!.protected as string)).toMatchObject({ grace: 0, pinned: 1 });
    const state = t.core.db.sqlite.prepare('SELECT next_prune_at_count FROM prune_state WHERE persona_id = ?').get(id) as { next_prune_at_count: number };
    expect(state.next_prune_at_count).toBe(2100);
    // A manual run always writes its row, even when it archives nothing.
    await t.call('memory.prune', { persona_id: id, force: true });
    expect(runRows()).toHaveLength(2);
  }, 120_000);
});
