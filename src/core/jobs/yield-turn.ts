// Long work (a pass over a persona's memories, a batched deletion) runs a page or a batch at a time and
// waits for this between them, so the requests of the same process are served in between
// (docs/architecture.md, "Passes over a whole persona").

/** Resolves after the event loop has had a turn (I/O and timers due included). */
export const yieldToOthers = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
