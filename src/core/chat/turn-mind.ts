import type { ExtractionMode, Memory, Message, Persona, ScoredMemory } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { eligibleFactsAbout } from '../memory/discretion.service.ts';
import { previewNewFacts, type FactCandidate, type FactContext } from '../memory/fact-consolidation.service.ts';
import { extractAfterReply, extractionMode, ruleCandidates } from '../memory/fact-extraction.service.ts';
import { secondPerson } from '../memory/fact-rules.model.ts';
import { afterReply } from '../memory/mind-queue.ts';
import { reflectIfDue } from '../memory/reflection.service.ts';
import type { OfflineInput } from './offline-responder.model.ts';
import { recallForChat } from './recall.ts';
import { rawRelevance } from '../memory/retrieval.model.ts';

// What a chat turn knows and learns (docs/memory.md): the speaker's profile, discreet recall, the
// rule facts of the message, and the work queued after the reply (LLM extraction, reflection).

/** Facts about the speaker the offline responder may list (O4 names the first three). */
const OFFLINE_FACTS = 3;

/** The recall side of one turn. */
export interface TurnMind {
  /** Facts for the prompt's profile (section 3). */
  profile: Memory[];
  /** The speaker's eligible facts in profile order, as many as the profile or the offline responder needs. */
  speakerFacts: Memory[];
  /** Eligible recalled memories, best first. */
  recalled: ScoredMemory[];
  /** Recalled memories for section 4: the profile's facts left out. */
  promptMemories: ScoredMemory[];
  mode: ExtractionMode;
  /** The message's rule facts (empty when extraction is off, LLM-only or nothing is remembered). */
  rules: FactCandidate[];
}

/** Profile, discreet recall and rule facts for a chat message from `participant`. */
export async function prepareMind(
  core: CoreContext, persona: Persona, participant: { key: string; display_name: string },
  opts: { message: string; session_id: string; window: Message[]; remember: boolean },
): Promise<TurnMind> {
  // One read serves the prompt's profile and the offline responder's facts(S) (the same order).
  const speakerFacts = eligibleFactsAbout(core, persona, participant.key, [participant.key], Math.max(core.config.chat.profile_facts, OFFLINE_FACTS));
  const profile = speakerFacts.slice(0, core.config.chat.profile_facts);
  const recalled = await recallForChat(core, persona, { message: opts.message, session_id: opts.session_id, window: opts.window, participant_key: participant.key });
  const shown = new Set(profile.map((f) => f.id));
  const mode = extractionMode(core, persona);
  const rules = opts.remember && (mode === 'rules' || mode === 'auto') ? ruleCandidates(opts.message, participant.display_name, participant.key) : [];
  return { profile, speakerFacts, recalled, promptMemories: recalled.filter((m) => !shown.has(m.id)), mode, rules };
}

/** The fact-related inputs of the offline responder: facts(S), the facts this message adds, the recalled memories. */
export function offlineMind(core: CoreContext, persona: Persona, participant: { key: string; display_name: string }, mind: TurnMind): Pick<OfflineInput, 'facts' | 'new_facts' | 'memories'> {
  const say = (m: { content: string; metadata: Record<string, unknown> }) => ({ text: m.content, second: secondPerson(m, participant.display_name) });
  const facts = mind.speakerFacts.slice(0, OFFLINE_FACTS).map(say);
  const fresh = previewNewFacts(core.db.manager, persona.id, mind.rules).map((c) => say({ content: c.text, metadata: c.metadata }));
  const memories = mind.recalled.map((m) => ({
    memory_type: m.memory_type, content: m.content, raw_relevance: rawRelevance(m.raw), about_speaker: m.subject_key === participant.key, second: secondPerson(m, participant.display_name),
  }));
  return { facts, new_facts: fresh, memories };
}

/** Whether the rule facts are consolidated with the turn: `rules`, or `auto` when the reply came from the offline responder. */
export function rulesWithTurn(mind: TurnMind, offline: boolean): boolean {
  return mind.mode === 'rules' || (mind.mode === 'auto' && offline);
}

/**
 * Queues the after-reply work of an LLM turn, serialised per persona: LLM extraction (`llm`; `auto` when
 * the LLM answered, falling back to the rules) and, when the LLM answered, reflection.
 */
export function queueAfterReply(
  core: CoreContext, persona: Persona, turn: {
    participant: { key: string; display_name: string }; message: string; reply: string; offline: boolean; remembered: boolean;
    mode: ExtractionMode; context: Omit<FactContext, 'at'>;
  },
): void {
  const llmFacts = turn.remembered && core.llm.current() !== null && (turn.mode === 'llm' || (turn.mode === 'auto' && !turn.offline));
  if (llmFacts) {
    afterReply(core, persona.id, 'fact extraction', async () => {
      await extractAfterReply(core, { persona, participant: turn.participant, message: turn.message, reply: turn.reply, context: turn.context }, turn.mode);
    });
  }
  if (!turn.offline) afterReply(core, persona.id, 'reflection', async () => { await reflectIfDue(core, persona); });
}
