// Long work (a pass over a persona's memories, a batched deletion) runs a page or a batch at a time and
// waits for this between them, so the requests of the same process are served in between
// (docs/architecture.md, "Passes over a whole persona").

/** Resolves after the event loop has had a turn (I/O and timers due included). */
export const yieldToOthers = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `step` (one write transaction that removes at most `size` rows and says how many) until it removes
 * fewer than `size`, with a turn between steps; returns how many rows it removed in all.
 */
export async function inBatches(size: number, step: (size: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step(size);
    total += n;
    if (n < size) return total;
    await yieldToOthers();
  }
}
