import type { Message, Persona, ScoredMemory } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { searchMemories } from '../memory/memory-search.service.ts';
import { eligibilityCheck } from '../memory/discretion.service.ts';

/**
 * Memories recalled for a chat message (docs/memory.md "How recall ranks"): the persona's own, top k
 * for the message, minus memories of this session newer than the oldest message still in the window
 * (the window already carries them), and minus memories the speaker may not hear (discretion).
 */
export async function recallForChat(
  core: CoreContext,
  persona: Persona,
  opts: { message: string; session_id: string; window: Message[]; participant_key: string },
): Promise<ScoredMemory[]> {
  const cfg = core.memory.effective(persona).retrieval;
  const k = cfg.recall_k;
  if (k === 0) return [];
  const ok = eligibilityCheck(core, persona, [opts.participant_key]);
  const oldest = opts.window[0]?.created_at;
  return searchMemories(core, persona, {
    query: opts.message, limit: k, min_importance: 0, archived: false, touch: false,
    exclude: (m) => Boolean(oldest && m.session_id === opts.session_id && m.created_at >= oldest) || !ok(m),
  });
}
