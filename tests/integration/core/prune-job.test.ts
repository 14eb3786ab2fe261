import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';
import { memoryFixture } from '../../support/fixtures.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { createRepositories } from '../../../src/core/repositories.ts';
import { selectLowest } from '../../../src/core/memory/prune-selection.service.ts';
import { DEFAULT_PRUNING_CONFIG, selectForPruning, type PruningConfig } from '../../../src/core/memory/prune.model.ts';

// The pruning job selects from the importance index instead of scanning the persona: its selection must
// be the one a full pass makes (the same memories, scores, protected counts), for every strategy.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestCore;
let id: string;
beforeAll(async () => {
  t = await createTestCore();
  ({ persona_id: id } = await t.call<Json>('persona.create', { name: 'Walker' }));
  const rand = seededRandom(3);
  const now = t.clock.now().getTime();
  await t.core.db.transaction(async (em) => {
    const r = createRepositories(em).memories;
    for (let i = 0; i < 3000; i += 1) {
      // Importance on a coarse grid (many ties), ages up to 200 days, some accessed, a few pinned or restored.
      const importance = Math.floor(rand() * 20) / 20;
      const created = new Date(now - Math.floor(rand() * 200 * 86_400_000)).toISOString();
      await r.insert(memoryFixture(id, {
        content: `walk ${i}`, importance, base_importance: importance, created_at: created, accessed_count: rand() < 0.3 ? Math.floor(rand() * 8) : 0,
        pinned: rand() < 0.02, restored_at: rand() < 0.02 ? new Date(now - Math.floor(rand() * 10 * 86_400_000)).toISOString() : null,
      }));
    }
  });
});
afterAll(() => t.close());

const configs: [string, PruningConfig][] = [
  ['default', DEFAULT_PRUNING_CONFIG],
  ['importance only', { ...DEFAULT_PRUNING_CONFIG, strategy: 'importance_only' }],
  ['importance and access, heavy access weight', { ...DEFAULT_PRUNING_CONFIG, strategy: 'importance_access', weights: { importance: 0.2, access: 0.8, age: 0 } }],
  ['no importance weight (the walk cannot stop early)', { ...DEFAULT_PRUNING_CONFIG, weights: { importance: 0, access: 0.5, age: 0.5 } }],
];

describe('pruning selection from the importance index', () => {
  for (const [name, cfg] of configs) {
    it(`selects what a full pass selects: ${name}`, async () => {
      const all = createRepositories(t.core.db.manager).memories.byCreation(id, null, 10_000);
      for (const [n, ceiling] of [[1, false], [50, false], [700, false], [700, true], [2500, true], [3000, false]] as const) {
        const full = selectForPruning(all, n, t.clock.now(), cfg, ceiling);
        const walk = await selectLowest(t.core, id, n, cfg, ceiling);
        expect(walk.selected).toEqual(full.selected);
        expect(walk.targetReached).toBe(full.targetReached);
        expect(walk.protectedCounts).toEqual(full.protectedCounts);
        if (cfg.weights.importance > 0 && n <= 50) expect(walk.walked).toBeLessThan(all.length);
      }
    });
  }
});
