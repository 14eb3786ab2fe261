// Memory kinds and fact details for the memory browser (docs/memory.md, memory kinds and facts):
// which memory_type each kind lists, a fact's slot and who it is about, its superseded history,
// and a reflection's evidence.
import type { MemoryView } from '../../../shared/index.ts';

/** The kinds the browser filters by, each with the memory_type it lists ('' = every type). */
export const MEMORY_KINDS = [
  { id: 'all', label: 'All', memory_type: '' },
  { id: 'episode', label: 'Episodes', memory_type: 'conversation' },
  { id: 'fact', label: 'Facts', memory_type: 'fact' },
  { id: 'reflection', label: 'Reflections', memory_type: 'reflection' },
] as const;

/** A memory kind id. */
export type MemoryKindId = (typeof MEMORY_KINDS)[number]['id'];

/** The kind a memory_type filter selects, or null for a type outside the kinds (chosen in the type list). */
export function kindOfFilter(memoryType: string): MemoryKindId | null {
  return MEMORY_KINDS.find((k) => k.memory_type === memoryType)?.id ?? null;
}

/** The label a memory's type is shown with: `episode` for a conversation memory, else its type. */
export function typeLabel(memoryType: string): string {
  return memoryType === 'conversation' ? 'episode' : memoryType;
}

/** The options of the type list: the known types plus the kinds' types, each once, in that order. */
export function typeOptions(known: readonly string[]): string[] {
  return [...new Set([...known, ...MEMORY_KINDS.map((k) => k.memory_type).filter(Boolean)])];
}

/** The predicate of a fact slot `{subject_key}|{predicate}` (`api:bob|lives_in` → `lives_in`); the key itself if it has no `|`. */
export function slotPredicate(factKey: string): string {
  const bar = factKey.lastIndexOf('|');
  return bar < 0 ? factKey : factKey.slice(bar + 1);
}

/** Who a subject or source key names, for people: `api:bob` → `bob (api)`, `persona:x` → `persona x`, null → the given fallback. */
export function keyLabel(key: string | null, none: string): string {
  if (!key) return none;
  const colon = key.indexOf(':');
  if (colon < 0) return key;
  const platform = key.slice(0, colon);
  const id = key.slice(colon + 1);
  return platform === 'persona' ? `persona ${id}` : `${id} (${platform})`;
}

/** The id a fact was superseded by (`metadata.superseded_by`), or null. */
export function supersededBy(m: Pick<MemoryView, 'metadata'>): string | null {
  const v = m.metadata.superseded_by;
  return typeof v === 'string' && v ? v : null;
}

/** The ids a reflection rests on (`metadata.evidence`), or none. */
export function evidenceIds(m: Pick<MemoryView, 'metadata'>): string[] {
  const v = m.metadata.evidence;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** One entry of a slot's history: the memory, and whether it is the slot's current fact. */
export interface SlotHistoryEntry { memory: MemoryView; current: boolean }

/**
 * A fact slot's history, newest first: the active fact(s), then the archived facts along the
 * `superseded_by` chain back from them, then any other archived fact of the slot (e.g. one removed
 * without a replacement) by archive time, newest first.
 */
export function slotHistory(active: MemoryView[], archived: MemoryView[]): SlotHistoryEntry[] {
  const out: SlotHistoryEntry[] = active.map((memory) => ({ memory, current: true }));
  const rest = [...archived].sort((a, b) => (b.archived_at ?? b.created_at).localeCompare(a.archived_at ?? a.created_at));
  const taken = new Set<string>();
  const frontier = active.map((m) => m.id);
  while (frontier.length) {
    const next = frontier.shift()!;
    for (const m of rest) {
      if (taken.has(m.id) || supersededBy(m) !== next) continue;
      taken.add(m.id);
      out.push({ memory: m, current: false });
      frontier.push(m.id);
    }
  }
  for (const m of rest) if (!taken.has(m.id)) out.push({ memory: m, current: false });
  return out;
}

/** One part of the line under a memory in the browser; `code` parts show a key, `link` parts open a memory. */
export interface MetaPart { testId: string; label: string; value: string; code?: boolean; title?: string; link?: string }

/**
 * The parts of the line under a memory: a fact's slot, whom it is about and who said it (one part when
 * the same person), the fact that superseded it, how many memories a reflection rests on. Empty for a
 * memory with none of these.
 */
export function metaParts(m: Pick<MemoryView, 'id' | 'fact_key' | 'subject_key' | 'source_key' | 'metadata'>): MetaPart[] {
  const parts: MetaPart[] = [];
  if (m.fact_key) parts.push({ testId: 'fact-slot', label: 'slot', value: slotPredicate(m.fact_key), code: true, title: m.fact_key });
  const about = Boolean(m.fact_key || m.subject_key);
  if (about && m.subject_key && m.subject_key === m.source_key) {
    parts.push({ testId: 'fact-subject', label: 'about and told by', value: keyLabel(m.subject_key, '') });
  } else {
    if (about) parts.push({ testId: 'fact-subject', label: 'about', value: keyLabel(m.subject_key, 'the world') });
    if (m.source_key || m.fact_key) parts.push({ testId: 'fact-source', label: 'told by', value: keyLabel(m.source_key, 'nobody (own knowledge)') });
  }
  const by = supersededBy(m);
  if (by) parts.push({ testId: 'fact-superseded-by', label: 'superseded by', value: 'the newer fact', link: by });
  const evidence = evidenceIds(m);
  if (evidence.length) parts.push({ testId: 'reflection-evidence-count', label: 'rests on', value: `${evidence.length} ${evidence.length === 1 ? 'memory' : 'memories'}`, link: m.id });
  return parts;
}
