import { describe, expect, it } from 'vitest';
import { sortYielding } from '../../../../src/core/memory/prune-selection.service.ts';
import { seededRandom } from '../../../support/seeded-random.ts';

// The prune selection's sort in slices: the same order as one Array.prototype.sort, with turns of the
// event loop in between for large inputs.
type Entry = { score: number; id: string };
const order = (a: Entry, b: Entry) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('sortYielding', () => {
  for (const n of [0, 1, 19_999, 20_000, 20_001, 65_432]) {
    it(`sorts ${n} entries (with ties on the score) as one sort does`, async () => {
      const rand = seededRandom(n + 1);
      const xs = Array.from({ length: n }, (_, i) => ({ score: Math.floor(rand() * 500) / 10, id: `m${i}` }));
      const expected = [...xs].sort(order);
      let turns = 0;
      let counting = true;
      const tick = () => { if (!counting) return; turns += 1; setImmediate(tick); };
      setImmediate(tick);
      const sorted = await sortYielding([...xs], order);
      counting = false;
      expect(sorted).toEqual(expected);
      if (n > 40_000) expect(turns).toBeGreaterThan(3);
    });
  }
});
