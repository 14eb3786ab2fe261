import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DomainEvent, Memory, Visibility } from '../../shared/index.ts';
import { createRepositories, type Repositories } from '../repositories.ts';
import { normFactText } from './fact-rules.model.ts';

// Consolidation of extracted facts into slots (docs/memory.md "How facts are learned"): at most one active fact per
// slot `{subject_key}|{predicate}`; a fact with other text supersedes the old one (archived with
// reason `superseded` and `metadata.superseded_by`), the same text only touches it.

/** A fact to consolidate, from the rules or the LLM. */
export interface FactCandidate {
  op: 'add' | 'update' | 'delete';
  /** The fact an `update` replaces or a `delete` removes (an id the extractor was shown). */
  target_id?: string;
  subject_key: string | null;
  predicate: string;
  text: string;
  metadata: Record<string, unknown>;
}

/** One change to the persona's facts, as the chat result lists it. */
export interface FactChange {
  id: string;
  /** `added`: a new active fact · `touched`: an existing one confirmed · `superseded`/`deleted`: archived. */
  op: 'added' | 'touched' | 'superseded' | 'deleted';
  text: string;
}

/** Where the facts of one message come from and what they inherit from its episode. */
export interface FactContext {
  persona_id: string;
  participant_key: string;
  session_id: string | null;
  channel: string | null;
  visibility: Visibility;
  witnessed_by: string[];
  /** max(0.6, the message's importance score). */
  importance: number;
  valence: number;
  at: string;
}

/** Least importance of an extracted fact. */
export const FACT_MIN_IMPORTANCE = 0.6;

/** The slot of a fact: `{subject_key}|{predicate}` (an empty subject for facts about the world). */
export const factKey = (subjectKey: string | null, predicate: string): string => `${subjectKey ?? ''}|${predicate}`;

/** What a candidate does to its slot's active fact: insert (empty slot), touch (same text) or supersede. */
export function planFact(text: string, active: Pick<Memory, 'content'> | null): 'insert' | 'touch' | 'supersede' {
  if (!active) return 'insert';
  return normFactText(active.content) === normFactText(text) ? 'touch' : 'supersede';
}

/** Candidates that would add a new active fact (empty slot or other text) given the current facts; read-only. */
export function previewNewFacts(em: EntityManager, personaId: string, candidates: FactCandidate[]): FactCandidate[] {
  const repos = createRepositories(em);
  const seen = new Map<string, string>();
  return candidates.filter((c) => {
    if (c.op !== 'add') return c.op === 'update';
    const key = factKey(c.subject_key, c.predicate);
    const prior = seen.get(key);
    const active = prior !== undefined ? { content: prior } : (repos.memories.factsInSlot(personaId, key)[0] ?? null);
    seen.set(key, c.text);
    return planFact(c.text, active) !== 'touch';
  });
}

/**
 * Moves a fact to the archive with reason `superseded`, naming its successor in `metadata.superseded_by`
 * (none for a deletion). False when it was no longer active.
 */
export async function supersedeFact(repos: Repositories, old: Memory, supersededBy: string | null, at: string): Promise<boolean> {
  await repos.memories.save({ ...old, metadata: { ...old.metadata, ...(supersededBy ? { superseded_by: supersededBy } : {}) } });
  return repos.memories.archive(old.id, { archived_at: at, archive_reason: 'superseded', prune_score: null, run_id: null });
}

/** Applies the candidates in order inside the caller's transaction; returns the changes and `memory.changed` events. */
export async function consolidateFacts(em: EntityManager, ctx: FactContext, candidates: FactCandidate[]): Promise<{ changes: FactChange[]; events: DomainEvent[] }> {
  const repos = createRepositories(em);
  const changes: FactChange[] = [];
  const events: DomainEvent[] = [];
  const changed = (memory_id: string, change: string) => events.push({ name: 'memory.changed', persona_id: ctx.persona_id, at: ctx.at, data: { memory_id, change } });

  const retire = async (old: Memory, supersededBy: string | null, op: 'superseded' | 'deleted') => {
    if (await supersedeFact(repos, old, supersededBy, ctx.at)) {
      changes.push({ id: old.id, op, text: old.content });
      changed(old.id, 'superseded');
    }
  };
  const insert = async (c: FactCandidate): Promise<Memory> => {
    const memory: Memory = {
      id: randomUUID(), persona_id: ctx.persona_id, content: c.text, memory_type: 'fact', importance: ctx.importance, base_importance: ctx.importance,
      importance_source: 'scored', emotional_valence: ctx.valence, visibility: ctx.visibility, witnessed_by: ctx.witnessed_by, related_personas: [],
      participant_key: ctx.participant_key, session_id: ctx.session_id, conversation_id: null, channel: ctx.channel, pinned: false,
      metadata: c.metadata, created_at: ctx.at, last_accessed_at: null, restored_at: null, accessed_count: 0,
      subject_key: c.subject_key, fact_key: factKey(c.subject_key, c.predicate), source_key: ctx.participant_key,
    };
    await repos.memories.insert(memory);
    changes.push({ id: memory.id, op: 'added', text: memory.content });
    changed(memory.id, 'created');
    return memory;
  };

  for (const c of candidates) {
    const target = c.target_id ? await repos.memories.get(c.target_id) : null;
    if (c.op === 'delete') {
      if (target?.memory_type === 'fact' && target.persona_id === ctx.persona_id) await retire(target, null, 'deleted');
      continue;
    }
    const key = factKey(c.subject_key, c.predicate);
    const active = (repos.memories.factsInSlot(ctx.persona_id, key)[0] ?? null);
    const plan = planFact(c.text, active);
    const replaces = c.op === 'update' && target?.memory_type === 'fact' && target.persona_id === ctx.persona_id && target.id !== active?.id ? target : null;
    if (plan === 'touch' && active) {
      const touched = { ...active, last_accessed_at: ctx.at, accessed_count: active.accessed_count + 1, importance: Math.max(active.importance, ctx.importance) };
      await repos.memories.save(touched);
      changes.push({ id: active.id, op: 'touched', text: active.content });
      changed(active.id, 'updated');
      if (replaces) await retire(replaces, active.id, 'superseded');
      continue;
    }
    const added = await insert(c);
    if (replaces) await retire(replaces, added.id, 'superseded');
    if (active) await retire(active, added.id, 'superseded');
  }
  return { changes, events };
}
