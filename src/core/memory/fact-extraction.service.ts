import { z } from 'zod';
import { isoNow, personaKey, type ExtractionMode, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { structuredJsonSchema } from '../llm/index.ts';
import { getLogger } from '../logger/index.ts';
import { extractRuleFacts } from './fact-rules.model.ts';
import { FACT_MIN_IMPORTANCE, consolidateFacts, type FactCandidate, type FactChange, type FactContext } from './fact-consolidation.service.ts';
import { scoreImportance } from './importance.model.ts';
import { pruneIfDue } from './prune.service.ts';

// Fact extraction from chat messages (docs/memory.md "How facts are learned"): the rules in the turn's own transaction,
// or the LLM with structured output after the reply (one retry, then the rules in `auto`).

const log = getLogger('facts');

/** Active facts about the speaker the LLM is shown (id + text). */
export const LLM_KNOWN_FACTS = 10;
/** Most items taken from one LLM answer. */
export const LLM_MAX_FACTS = 5;

/** One LLM fact item (anything else is dropped item by item). */
export const LlmFactItemSchema = z.object({
  op: z.enum(['add', 'update', 'delete']),
  id: z.string().min(1).max(64).optional(),
  about: z.enum(['speaker', 'self', 'world']),
  predicate: z.string().min(1).max(40).regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/),
  text: z.string().min(1).max(200),
});
/** The answer's shape as sent to the provider (items strictly typed, at most 5). */
export const LlmFactsWireSchema = z.object({ facts: z.array(LlmFactItemSchema).max(LLM_MAX_FACTS) });
/** The answer's shape as validated: a facts list; its items are checked one by one. */
const LlmFactsAnswerSchema = z.object({ facts: z.array(z.unknown()) });

/** The effective extraction mode of a persona (`memory_policy.extraction`, else `memory.extraction.mode`). */
export function extractionMode(core: CoreContext, persona: Persona): ExtractionMode {
  return core.memory.effective(persona).extraction.mode;
}

/** Importance of a fact from `message`: max(0.6, the message's importance as a chat turn scores it). */
export function factImportance(persona: Persona, message: string): number {
  return Math.max(FACT_MIN_IMPORTANCE, scoreImportance({ text: message, speaker: persona, context: { continue_score: 50, topic: 'user_conversation' } }));
}

/** Candidates of the rules for one message: every rule fact is about its speaker. */
export function ruleCandidates(message: string, displayName: string, participantKey: string): FactCandidate[] {
  return extractRuleFacts(message, displayName).map((f) => ({
    op: 'add', subject_key: participantKey, predicate: f.predicate, text: f.text,
    metadata: { extraction: 'rules', rule: f.rule, second_person: f.second },
  }));
}

/** What LLM extraction reads of one exchange. */
export interface ExtractionInput {
  persona: Persona;
  participant: { key: string; display_name: string };
  message: string;
  reply: string;
  context: Omit<FactContext, 'at'>;
}

/**
 * Maps validated LLM items to candidates: `about` → subject (speaker key, `persona:{id}`, null);
 * `update`/`delete` must name one of `knownIds`, else the item is dropped.
 */
export function llmCandidates(items: unknown[], knownIds: ReadonlySet<string>, persona: Persona, participantKey: string): FactCandidate[] {
  const out: FactCandidate[] = [];
  for (const raw of items) {
    const parsed = LlmFactItemSchema.safeParse(raw);
    if (!parsed.success) continue;
    const item = parsed.data;
    if (item.op !== 'add' && (!item.id || !knownIds.has(item.id))) continue;
    const subject = item.about === 'speaker' ? participantKey : item.about === 'self' ? personaKey(persona.id) : null;
    out.push({
      op: item.op, ...(item.op !== 'add' ? { target_id: item.id as string } : {}), subject_key: subject, predicate: item.predicate, text: item.text,
      metadata: { extraction: 'llm', predicate: item.predicate },
    });
    if (out.length >= LLM_MAX_FACTS) break;
  }
  return out;
}

/** The messages of an extraction request. */
function extractionPrompt(input: ExtractionInput, known: { id: string; text: string }[]) {
  const { persona, participant } = input;
  const system = [
    `You keep the memory of ${persona.name}. List the lasting facts the last message of ${participant.display_name} states: who they are, where they live or work, what they like, have or plan; facts about ${persona.name} or the world they state count too.`,
    'Answer with one JSON object {"facts": [...]}, at most 5 items, an empty list when nothing lasting was said. Each item:',
    `- op "add" for a new fact; "update" with the id of a known fact the message changes; "delete" with the id of a known fact the message says is no longer true;`,
    `- about "speaker" (${participant.display_name}), "self" (${persona.name}) or "world";`,
    '- predicate: a short snake_case slot name (lives_in, works, name, likes_tea); the same slot for a fact that replaces another;',
    `- text: one third-person sentence naming its subject, e.g. "${participant.display_name} lives in Riverwood."`,
  ].join('\n');
  const user = JSON.stringify({ persona: persona.name, speaker: participant.display_name, message: input.message, reply: input.reply, known_facts: known });
  return [{ role: 'system' as const, content: system }, { role: 'user' as const, content: user }];
}

/**
 * LLM extraction for one exchange: null when there is no provider or its answer stayed invalid after
 * one retry (the caller then falls back), else the candidates of the valid items.
 */
export async function llmExtract(core: CoreContext, input: ExtractionInput): Promise<FactCandidate[] | null> {
  const provider = core.llm.current();
  if (!provider) return null;
  const repos = createRepositories(core.db.manager);
  const known = repos.memories.factsAbout(input.persona.id, input.participant.key, LLM_KNOWN_FACTS).map((m) => ({ id: m.id, text: m.content }));
  const res = await provider.structured(
    { messages: extractionPrompt(input, known), model: input.persona.llm?.model ?? provider.model, temperature: 0, max_tokens: 600 },
    LlmFactsAnswerSchema, { fallback: { facts: [] }, wire_schema: structuredJsonSchema(LlmFactsWireSchema) },
  );
  if (res.fell_back) {
    log.warn({ persona: input.persona.name, error: res.error }, 'LLM fact extraction failed');
    return null;
  }
  return llmCandidates(res.value.facts, new Set(known.map((k) => k.id)), input.persona, input.participant.key);
}

/**
 * After-reply extraction (`llm`, or `auto` with an answering provider): the LLM's facts, or in `auto` the
 * rules when the LLM fails; consolidated in their own transaction, `memory.changed` emitted per change.
 */
export async function extractAfterReply(core: CoreContext, input: ExtractionInput, mode: ExtractionMode): Promise<FactChange[]> {
  let candidates = await llmExtract(core, input);
  if (candidates === null && mode === 'auto') candidates = ruleCandidates(input.message, input.participant.display_name, input.participant.key);
  if (!candidates?.length) return [];
  const at = isoNow(core.now());
  const { changes, events } = await core.db.transaction((em) => consolidateFacts(em, { ...input.context, at }, candidates));
  for (const e of events) core.events.emit(e);
  if (changes.some((c) => c.op === 'added')) pruneIfDue(core, input.persona);
  return changes;
}
