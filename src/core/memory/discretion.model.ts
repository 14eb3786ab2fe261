import type { Visibility } from '../../shared/index.ts';

// Discretion (docs/memory.md "Whom a persona tells (discretion)"): which of its own memories a persona may bring up while
// a given audience listens. Operator reads (memory.search, memory.list, memory.get) do not apply it.

/** `memory.discretion` / `memory_policy.discretion`. */
export type Discretion = 'discreet' | 'open';

/** What eligibility reads of a memory. */
export interface DiscretionMemory {
  source_key: string | null;
  witnessed_by: readonly string[];
  visibility: Visibility;
  memory_type: string;
}

/**
 * E1–E4: a memory may be recalled in front of `audience` (the speaker of a chat, or every participant and
 * observer of a conversation turn besides the speaker) when it is the persona's own (no source), when
 * every listener told it or was present, when it is public, or under `open` discretion unless a secret.
 */
export function eligible(m: DiscretionMemory, audience: readonly string[], discretion: Discretion): boolean {
  if (m.source_key === null) return true;
  if (audience.length > 0 && audience.every((k) => k === m.source_key || m.witnessed_by.includes(k))) return true;
  if (m.visibility === 'public') return true;
  return discretion === 'open' && m.memory_type !== 'secret';
}

/**
 * A reflection is eligible only when every memory of its evidence is (`evidence` null or with a
 * missing entry = some evidence is gone: not eligible, since it can no longer be checked).
 */
export function reflectionEligible(evidence: readonly (DiscretionMemory | undefined)[] | null, audience: readonly string[], discretion: Discretion): boolean {
  if (!evidence || evidence.length === 0) return false;
  return evidence.every((m) => m !== undefined && eligible(m, audience, discretion));
}

/** The evidence ids a reflection names in `metadata.evidence` (strings only). */
export function evidenceIds(metadata: Record<string, unknown>): string[] | null {
  const ev = metadata.evidence;
  return Array.isArray(ev) ? ev.filter((x): x is string => typeof x === 'string') : null;
}
