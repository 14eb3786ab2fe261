import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { bulkSeedMemories } from '../../support/bulk-seed.ts';
import { runRetention } from '../../../src/core/memory/retention.service.ts';

// The passes over a whole persona (a decay cycle, a forced decay, memory.prune, the recommendations,
// persona.delete) and the archive retention sweep read
// and write a page at a time and leave the event loop free between pages: a request that arrives while
// one runs is answered before it ends, as the mcp service answers its other clients. Before, each held
// the process for the whole pass (a decay cycle over 100,000 memories: 10.7 s without a turn).
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
let kira: string;
beforeEach(async () => {
  t = await createTestCore();
  kira = (await t.call<Json>('persona.get', { persona_id: 'Kira' })).persona.id;
  // 7,000 memories over the last year (several pages), importance .1–.9, most old enough to decay.
  bulkSeedMemories(t.core.db.sqlite, { personaId: kira, count: 7000, now: t.clock.now() });
});
afterEach(() => t.close());

/** Starts `pass`, then asks for a persona once the pass has let a turn of the event loop go by. */
async function answeredDuring(pass: () => Promise<Json>): Promise<{ during: boolean; result: Json }> {
  let finished = false;
  const running = pass().then((r) => { finished = true; return r; });
  await new Promise((resolve) => setImmediate(resolve));
  await t.call('persona.get', { persona_id: 'Aria' });
  const during = !finished;
  return { during, result: await running };
}

describe('whole-persona passes leave the event loop free between pages', () => {
  it('a decay cycle', async () => {
    const { during, result } = await answeredDuring(() => t.call<Json>('memory.decay_force'));
    expect(during).toBe(true);
    expect(result.memories_decayed).toBeGreaterThan(5000);
    // Every changed memory was written, batch_size (100) per transaction.
    expect(result.batches).toBe(Math.ceil(result.memories_decayed / 100));
    const decayed = t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memories WHERE persona_id = ? AND importance < base_importance').get(kira) as { n: number };
    expect(decayed.n).toBe(result.memories_decayed);
  });

  it('a forced decay of one persona, which leaves memories stored meanwhile alone', async () => {
    let stored = '';
    const { during, result } = await answeredDuring(async () => {
      const forced = t.call<Json>('memory.decay_force', { persona_id: 'Kira', decay_factor: 0.5 });
      await new Promise((resolve) => setImmediate(resolve));
      stored = (await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'Stored during the forced decay.', importance: 0.6 })).memory_id;
      return forced;
    });
    expect(during).toBe(true);
    expect(result.memories_processed).toBe(7000);
    const row = t.core.db.sqlite.prepare('SELECT importance, base_importance FROM memories WHERE id = ?').get(stored) as { importance: number; base_importance: number };
    expect(row.base_importance).toBe(0.6);
  });

  it('memory.prune and its recommendations', async () => {
    await t.call('memory.config_set', { persona_id: 'Kira', config: { pruning: { max_memories: 5000, threshold: 4000, target: 3000 } } });
    const advice = await answeredDuring(() => t.call<Json>('memory.prune_recommendations', { persona_id: 'Kira' }));
    expect(advice.during).toBe(true);
    const pruned = await answeredDuring(() => t.call<Json>('memory.prune', { persona_id: 'Kira', force: true, target_count: 1000 }));
    expect(pruned.during).toBe(true);
    expect(pruned.result.memories_after).toBe(t.core.db.sqlite.prepare('SELECT count(*) AS n FROM memories WHERE persona_id = ?').pluck().get(kira));
    expect(pruned.result.memories_pruned).toBe(pruned.result.memories_before - pruned.result.memories_after);
  });

  it('the archive retention sweep', async () => {
    await t.call('memory.config_set', { config: { archive: { retention_days: 30 } } });
    const pruned = await t.call<Json>('memory.prune', { persona_id: 'Kira', force: true, target_count: 0 });
    expect(pruned.memories_pruned).toBeGreaterThan(3000);
    t.clock.advance(31 * 86_400_000);
    const { during, result } = await answeredDuring(() => runRetention(t.core) as Promise<Json>);
    expect(during).toBe(true);
    expect(result.memories_deleted).toBe(pruned.memories_pruned);
    expect(t.core.db.sqlite.prepare('SELECT count(*) FROM memory_archive').pluck().get()).toBe(0);
  });

  it('persona.delete, which reports every memory it deleted', async () => {
    await t.call('memory.prune', { persona_id: 'Kira', force: true, target_count: 4000 });
    const { during, result } = await answeredDuring(() => t.call<Json>('persona.delete', { persona_id: 'Kira' }));
    expect(during).toBe(true);
    expect(result.deleted_counts).toMatchObject({ memories: 4000, archived_memories: 3000 });
    expect(t.core.db.sqlite.prepare('SELECT (SELECT count(*) FROM memories WHERE persona_id = ?) + (SELECT count(*) FROM memory_archive WHERE persona_id = ?)').pluck().get(kira, kira)).toBe(0);
    expect(await t.fail('persona.get', { persona_id: 'Kira' })).toMatchObject({ code: 'PERSONA_NOT_FOUND' });
  });
});
