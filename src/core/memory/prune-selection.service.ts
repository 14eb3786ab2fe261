import type { CoreContext } from '../core-context.ts';
import { yieldToOthers } from '../jobs/yield-turn.ts';
import { createRepositories, type Repositories } from '../repositories.ts';
import { protection, pruneScore, type PruneSelection, type PruningConfig, type Protection } from './prune.model.ts';

// Pruning's selection without a pass over the whole persona (docs/memory.md "Pruning"): the memories with
// the lowest prune scores are read from the importance index, a page at a time, with the event loop free
// between pages. The pruning job, memory.prune and the recommendations all select this way.

/** Rows per page of the importance-index walk. */
const PAGE = 2000;

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
/** Prune order: score, then older first, then id. */
const order = (a: { score: number; created_at: string; id: string }, b: { score: number; created_at: string; id: string }) => a.score - b.score || cmp(a.created_at, b.created_at) || cmp(a.id, b.id);

/**
 * The `requested` memories with the lowest prune score (ties: older, then id), and the protected memories
 * counted as a full pass counts them (those ranked before the last selected one; every protected memory
 * when the target is out of reach), read from the importance index instead of the whole persona: a
 * memory's score is at least weight × importance, so the walk stops once that bound passes the worst
 * selected score; once only protected memories are left (the importance that always protects) and the
 * target is out of reach, the rest is counted in SQL. Yields between pages, and sorts only when the
 * candidates have doubled (a large run sorts a few times, not once per page), in slices (`sortYielding`).
 */
export async function selectLowest(core: CoreContext, personaId: string, requested: number, cfg: PruningConfig, ceiling: boolean): Promise<PruneSelection & { walked: number }> {
  const repos = createRepositories(core.db.manager);
  const now = core.now();
  type Ranked = { id: string; score: number; importance: number; created_at: string };
  const passed: (Ranked & { why: Protection })[] = [];
  // The requested-th lowest score among the candidates at the last sort: never below the true one.
  let worst = Infinity;
  let best: Ranked[] = [];
  const trim = async () => {
    best = await sortYielding(best, order);
    if (best.length > requested) best.length = requested;
    worst = requested > 0 && best.length >= requested ? (best[requested - 1] as Ranked).score : Infinity;
  };
  let after: { importance: number; rid: number } | null = null;
  let walked = 0;
  let rest: { n: number; pinned: number } | null = null;
  for (let done = requested === 0; !done; await yieldToOthers()) {
    const page = repos.memories.lowestImportance(personaId, after, PAGE);
    for (const m of page) {
      walked += 1;
      const ranked = { id: m.id, score: pruneScore(m, now, cfg), importance: m.importance, created_at: m.created_at };
      const why = protection(m, now, cfg, ceiling);
      if (why) passed.push({ ...ranked, why });
      else best.push(ranked);
    }
    if (best.length >= 2 * requested || (best.length >= requested && worst === Infinity)) await trim();
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    after = { importance: last.importance, rid: last.rid };
    if (last.importance >= cfg.max_importance_to_delete && best.length < requested) {
      rest = repos.memories.protectedAbove(personaId, after);
      break;
    }
    done = cfg.weights.importance * last.importance > worst;
  }
  await trim();
  const protectedCounts: Record<Protection, number> = { importance: 0, access: 0, grace: 0, pinned: 0, restored: 0 };
  const targetReached = best.length >= requested;
  const lastSelected = best[best.length - 1];
  for (const p of passed) if (!targetReached || (lastSelected && order(p, lastSelected) < 0)) protectedCounts[p.why] += 1;
  if (rest) {
    protectedCounts.pinned += rest.pinned;
    protectedCounts.importance += rest.n - rest.pinned;
  }
  return { selected: best.map(({ id, score, importance }) => ({ id, score, importance })), protectedCounts, targetReached, walked };
}

/** The mean importance of the memories a selection leaves (from the index's total, not a pass); null when none. */
export function averageKept(repos: Repositories, personaId: string, count: number, selection: PruneSelection): number | null {
  const kept = count - selection.selected.length;
  if (kept <= 0) return null;
  return (repos.memories.importanceTotal(personaId) - selection.selected.reduce((s, m) => s + m.importance, 0)) / kept;
}

/** Entries sorted or merged between two turns of the event loop. */
const SORT_SLICE = 20_000;

/**
 * Sorts like `xs.sort(cmp)` for a comparator that never ties (the prune order ends with the id), with
 * the event loop free every SORT_SLICE entries: sorted slices, then merged pairwise. A run selecting
 * 900,000 memories otherwise held the process for half a second in one sort.
 */
export async function sortYielding<T>(xs: T[], cmp: (a: T, b: T) => number): Promise<T[]> {
  if (xs.length <= SORT_SLICE) return xs.sort(cmp);
  let runs: T[][] = [];
  for (let i = 0; i < xs.length; i += SORT_SLICE) {
    runs.push(xs.slice(i, i + SORT_SLICE).sort(cmp));
    await yieldToOthers();
  }
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r] as T[];
      const b = runs[r + 1];
      if (!b) { merged.push(a); continue; }
      const out: T[] = new Array<T>(a.length + b.length);
      let i = 0;
      let j = 0;
      for (let k = 0; k < out.length;) {
        for (const end = Math.min(out.length, k + SORT_SLICE); k < end; k += 1) {
          out[k] = (j >= b.length || (i < a.length && cmp(a[i] as T, b[j] as T) <= 0) ? a[i++] : b[j++]) as T;
        }
        await yieldToOthers();
      }
      merged.push(out);
    }
    runs = merged;
  }
  return runs[0] as T[];
}
