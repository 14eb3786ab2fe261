import type { CoreContext } from '../core-context.ts';

// The insert path's only link to the pruning job: a wake-up the job of the job-owning process registers.
// Elsewhere (a process that does not own the jobs, a one-shot CLI call) there is nothing to wake: the
// owner's job finds the persona over its threshold by its count at its next tick.

const wakers = new WeakMap<CoreContext, () => void>();

/** Registers the pruning job's wake-up for a core (the job owner's composition root). */
export function onPruningWake(core: CoreContext, wake: () => void): void {
  wakers.set(core, wake);
}

/** Asks this process's pruning job, if it runs here, to look at the counts soon. */
export function wakePruning(core: CoreContext): void {
  wakers.get(core)?.();
}
