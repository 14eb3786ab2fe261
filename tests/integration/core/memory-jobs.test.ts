import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createRepositories } from '../../../src/core/repositories.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { memoryFixture } from '../../support/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';

let t: TestCore;
beforeEach(async () => {
  // The sizes these runs were written for (the defaults are now 20 000 / 18 000 / 16 000, docs/memory.md "Pruning").
  t = await createTestCore({ config: { memory: { pruning: { max_memories: 1000, threshold: 900, target: 800 } } } });
});
afterEach(() => t.close());

async function seedMemories(n: number): Promise<void> {
  const now = t.clock.now().getTime();
  await t.core.db.transaction(async (em) => {
    const r = createRepositories(em).memories;
    for (let i = 0; i < n; i += 1) {
      const age = 40 + (i % 160);
      await r.insert(memoryFixture(ARIA, {
        id: randomUUID(), content: `Ledger entry ${i}: the caravan ${i % 7 === 0 ? 'lost a wheel' : 'arrived on time'} near milestone ${i}`,
        importance: 0.1 + ((i * 37) % 60) / 100, base_importance: 0.1 + ((i * 37) % 60) / 100, accessed_count: i % 5,
        created_at: new Date(now - age * 86_400_000).toISOString(),
      }));
    }
  });
}

describe('memory pruning and decay jobs', () => {
  it('prunes 10,000 memories to the target into the archive, restores one into search, and records both runs', async () => {
    await seedMemories(10_000);
    const rec = await t.call<Json>('memory.prune_recommendations', { persona_id: 'Aria' });
    expect(rec.recommendations).toMatchObject({ needs_pruning: true, current_count: 10_000, target_count: 800, would_prune: 9_200 });

    const run = await t.call<Json>('memory.prune', { persona_id: 'Aria', force: true });
    expect(run).toMatchObject({ status: 'pruning_completed', memories_before: 10_000, memories_after: 800, memories_pruned: 9_200, target_count: 800, target_reached: true, dry_run: false });
    expect(run.pruned_ids).toHaveLength(100);
    expect(run.average_importance_pruned).toBeLessThan(run.average_importance_kept);

    const stats = await t.call<Json>('memory.stats', { persona_id: 'Aria' });
    expect([stats.total_memories, stats.archived_memories]).toEqual([800, 9_200]);
    const archived = await t.call<Json>('memory.list', { persona_id: 'Aria', archived: true, limit: 1, order_by: 'prune_score', order: 'asc' });
    expect(archived.total).toBe(9_200);
    expect(archived.memories[0]).toMatchObject({ archived: true, archive_reason: 'pruned', run_id: run.run_id });
    expect(typeof archived.memories[0].prune_score).toBe('number');

    const victim = archived.memories[0];
    const word = victim.content.match(/milestone (\d+)/)[1];
    const before = await t.call<Json>('memory.search', { persona_id: 'Aria', query: `milestone ${word}`, weights: { recency: 0, importance: 0, relevance: 1 } });
    expect(before.memories.some((m: Json) => m.id === victim.id)).toBe(false);
    const restored = await t.call<Json>('memory.restore', { memory_id: victim.id });
    expect(restored.memory).toMatchObject({ archived: false, restored_at: t.clock.now().toISOString(), content: victim.content });
    // Ranked by relevance alone the restored memory comes first (it was pruned for low importance and age).
    const found = await t.call<Json>('memory.search', { persona_id: 'Aria', query: `milestone ${word}`, weights: { recency: 0, importance: 0, relevance: 1 } });
    expect(found.memories[0].id).toBe(victim.id);
    expect(found.memories[0].score_components.relevance).toBe(1);
    expect((await t.fail('memory.restore', { memory_id: victim.id })).code).toBe('MEMORY_NOT_FOUND');

    const pstats = (await t.call<Json>('memory.prune_stats')).pruning_statistics;
    expect(pstats).toMatchObject({ total_pruning_operations: 1, total_memories_pruned: 9_200, total_personas_processed: 1 });
    expect(pstats.recent_runs[0]).toMatchObject({ id: run.run_id, forced: true, dry_run: false, trigger: 'manual' });

    t.clock.advance(60_000);
    const cycle = await t.call<Json>('memory.decay_force');
    expect(cycle).toMatchObject({ status: 'global_decay_cycle_completed', personas_processed: 2 });
    expect(cycle.memories_decayed).toBeGreaterThan(0);
    const dstats = (await t.call<Json>('memory.decay_stats')).decay_statistics;
    expect(dstats).toMatchObject({ total_decay_cycles: 1, total_memories_decayed: cycle.memories_decayed, config: { mode: 'access_based' } });
  }, 60_000);

  it('protected memories are kept and the run says when the target is out of reach', async () => {
    await seedMemories(950);
    // Stored directly: through memory.store the 951st memory would trigger automatic pruning.
    await createRepositories(t.core.db.manager).memories.insert(memoryFixture(ARIA, { content: 'pinned forever', importance: 0.2, base_importance: 0.2, pinned: true, created_at: '2026-06-01T00:00:00.000Z' }));
    const dry = await t.call<Json>('memory.prune', { persona_id: 'Aria', force: true, dry_run: true, target_count: 0 });
    expect(dry).toMatchObject({ dry_run: true, memories_before: 951, memories_after: 951, target_reached: false });
    expect(dry.protected.pinned).toBe(1);
    expect((await t.call<Json>('memory.stats', { persona_id: 'Aria' })).archived_memories).toBe(0);
  });

  it('without force nothing happens below the threshold; storing past max_memories prunes automatically (the pruning job of the job owner)', async () => {
    expect(await t.call<Json>('memory.prune', { persona_id: 'Kira' })).toMatchObject({ status: 'no_pruning_needed', current_memory_count: 0 });
    await t.call('memory.config_set', { config: { pruning: { max_memories: 20, threshold: 15, target: 10 } } });
    // This core serves its jobs, as the mcp service does: the insert wakes the pruning job, which prunes.
    t.core.startJobs();
    expect((await t.core.jobs.state('pruning')).running).toBe(true);
    for (let i = 0; i < 20; i += 1) {
      await t.call('memory.store', { persona_id: 'Kira', content: `old note ${i}`, importance: 0.3, created_at: '2026-06-01T00:00:00.000Z' });
    }
    let s = await t.call<Json>('memory.stats', { persona_id: 'Kira' });
    for (const until = Date.now() + 10_000; s.archived_memories === 0 && Date.now() < until; s = await t.call<Json>('memory.stats', { persona_id: 'Kira' })) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(s.total_memories).toBeLessThan(20);
    expect(s.archived_memories).toBeGreaterThan(0);
    expect(s.total_memories + s.archived_memories).toBe(20);
  });

  it('forced decay of one persona and decay start/stop are persisted and reported', async () => {
    const m = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'a fading memory', importance: 0.5 });
    expect(await t.call('memory.decay_force', { persona_id: 'Kira', decay_factor: 0.2 })).toMatchObject({ status: 'persona_decay_completed', memories_processed: 1, memories_decayed: 1 });
    expect((await t.call<Json>('memory.get', { memory_id: m.memory_id })).memory).toMatchObject({ importance: 0.4, base_importance: 0.4 });
    const started = await t.call<Json>('memory.decay_start', { interval_hours: 2, mode: 'linear' });
    expect(started).toMatchObject({ status: 'background_decay_started', interval_hours: 2, mode: 'linear', already_running: false });
    expect(started.next_run_at).not.toBeNull();
    expect((await t.call<Json>('system.status')).jobs.decay.running).toBe(true);
    expect(await t.call('memory.decay_stop')).toEqual({ status: 'background_decay_stopped', was_running: true });
    expect((await t.call<Json>('memory.config_get')).config.decay).toMatchObject({ enabled: false, interval_hours: 2, mode: 'linear' });
  });

  it('memory config: per-persona overrides, validation naming the key, changed paths', async () => {
    const set = await t.call<Json>('memory.config_set', { persona_id: 'Kira', config: { retrieval: { weights: { relevance: 2 } } } });
    expect(set).toMatchObject({ persona_overrides: { retrieval: { weights: { relevance: 2 } } }, changed: ['retrieval.weights.relevance'] });
    expect(set.effective.retrieval.weights).toEqual({ recency: 0.15, importance: 0.15, relevance: 2 });
    const got = await t.call<Json>('memory.config_get', { persona_id: 'Kira' });
    expect(got.config.retrieval.weights.relevance).toBe(1);
    const bad = await t.fail('memory.config_set', { config: { pruning: { target: 5000 } } });
    expect(bad.code).toBe('INVALID_PARAMS');
    expect(bad.issues?.map((i) => i.path.join('.'))).toContain('config.pruning.target');
    expect((await t.fail('memory.config_set', { persona_id: 'Kira', config: { decay: { mode: 'none' } } })).code).toBe('INVALID_PARAMS');
  });
});
