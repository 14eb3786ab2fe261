import type { CoreContext } from '../core-context.ts';
import { createKeyedQueue, type KeyedQueue } from '../chat/session-queue.ts';
import { getLogger } from '../logger/index.ts';

// The work a persona's mind does after a reply (LLM fact extraction, reflection): serialised per
// persona, never delaying the reply, registered as background work so `idle()`/`close()` wait for it.

const log = getLogger('mind');
const queues = new WeakMap<CoreContext, KeyedQueue>();

/** Queues `work` behind the persona's earlier after-reply work; failures are logged, never thrown. */
export function afterReply(core: CoreContext, personaId: string, what: string, work: () => Promise<void>): void {
  let queue = queues.get(core);
  if (!queue) {
    queue = createKeyedQueue(0);
    queues.set(core, queue);
  }
  core.background(queue.run(personaId, work).catch((err: unknown) => {
    log.warn({ err: (err as Error).message, persona: personaId }, `${what} failed; skipped`);
  }));
}
