import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoNow, personaKey, type Memory, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { structuredJsonSchema } from '../llm/index.ts';
import { getLogger } from '../logger/index.ts';
import { pruneIfDue } from './prune.service.ts';

// Reflection (docs/memory.md "Reflection"): with an LLM, once enough has happened since the last one,
// the persona draws up to three insights from its recent memories, each citing its evidence.

const log = getLogger('reflection');

/** Memories shown to the LLM. */
export const REFLECTION_INPUT = 30;
/** Least time between two reflections of one persona. */
export const REFLECTION_INTERVAL_MS = 10 * 60_000;
/** Importance of a reflection. */
export const REFLECTION_IMPORTANCE = 0.7;

const InsightSchema = z.object({ text: z.string().min(1).max(200), evidence: z.array(z.string().min(1).max(64)).min(1).max(10) });
const WireSchema = z.object({ insights: z.array(InsightSchema).max(3) });
const AnswerSchema = z.object({ insights: z.array(z.unknown()) });

const attempts = new WeakMap<CoreContext, Map<string, number>>();

/** Valid insights of an answer, item by item; evidence outside `inputIds` is dropped, and an insight left without any. */
export function validInsights(items: unknown[], inputIds: ReadonlySet<string>): { text: string; evidence: string[] }[] {
  const out: { text: string; evidence: string[] }[] = [];
  for (const raw of items) {
    const p = InsightSchema.safeParse(raw);
    if (!p.success) continue;
    const evidence = [...new Set(p.data.evidence.filter((id) => inputIds.has(id)))];
    if (evidence.length) out.push({ text: p.data.text, evidence });
    if (out.length >= 3) break;
  }
  return out;
}

/**
 * Reflects when due: enabled, a provider configured, ≥ 10 minutes since the last reflection (or attempt),
 * and Σ base_importance since the last reflection ≥ `memory.reflection.threshold`. Returns the new reflections.
 */
export async function reflectIfDue(core: CoreContext, persona: Persona): Promise<Memory[]> {
  const cfg = core.memory.effective(persona).reflection;
  const provider = core.llm.current();
  if (!cfg.enabled || !provider) return [];
  const now = core.now();
  const tried = attempts.get(core) ?? new Map<string, number>();
  attempts.set(core, tried);
  const repos = createRepositories(core.db.manager);
  const last = repos.memories.lastReflectionAt(persona.id);
  const lastTry = Math.max(last ? Date.parse(last) : 0, tried.get(persona.id) ?? 0);
  if (now.getTime() - lastTry < REFLECTION_INTERVAL_MS) return [];
  if (repos.memories.baseImportanceSince(persona.id, last) < cfg.threshold) return [];
  tried.set(persona.id, now.getTime());
  const input = repos.memories.newest(persona.id, REFLECTION_INPUT, ['reflection']);
  if (input.length === 0) return [];
  const res = await provider.structured({
    messages: [
      { role: 'system', content: `You are the inner voice of ${persona.name}. From these memories, draw at most 3 short insights (what they reveal about people, relationships or ${persona.name}'s life). Answer with one JSON object {"insights": [{"text": "...", "evidence": ["memory id", ...]}]}; each insight cites 1–10 of the memory ids it rests on.` },
      { role: 'user', content: JSON.stringify(input.map((m) => ({ id: m.id, text: m.content }))) },
    ],
    model: persona.llm?.model ?? provider.model, temperature: 0.3, max_tokens: 600,
  }, AnswerSchema, { fallback: { insights: [] }, wire_schema: structuredJsonSchema(WireSchema) });
  if (res.fell_back) {
    log.warn({ persona: persona.name, error: res.error }, 'reflection failed; skipped');
    return [];
  }
  const insights = validInsights(res.value.insights, new Set(input.map((m) => m.id)));
  if (!insights.length) return [];
  const at = isoNow(core.now());
  const rows: Memory[] = insights.map((i) => ({
    id: randomUUID(), persona_id: persona.id, content: i.text, memory_type: 'reflection', importance: REFLECTION_IMPORTANCE, base_importance: REFLECTION_IMPORTANCE,
    importance_source: 'scored', emotional_valence: 0, visibility: 'private', witnessed_by: [personaKey(persona.id)], related_personas: [],
    participant_key: null, session_id: null, conversation_id: null, channel: null, pinned: false, metadata: { evidence: i.evidence },
    created_at: at, last_accessed_at: null, restored_at: null, accessed_count: 0, subject_key: null, fact_key: null, source_key: null,
  }));
  await core.db.transaction(async (em) => {
    const r = createRepositories(em);
    for (const m of rows) await r.memories.insert(m);
  });
  for (const m of rows) core.events.emit({ name: 'memory.changed', persona_id: persona.id, at, data: { memory_id: m.id, change: 'created' } });
  pruneIfDue(core, persona);
  return rows;
}
