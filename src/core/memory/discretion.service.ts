import type { Memory, Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { eligible, evidenceIds, reflectionEligible, type Discretion, type DiscretionMemory } from './discretion.model.ts';

// Discretion applied to what a persona recalls in front of an audience (docs/memory.md "Whom a persona tells (discretion)").

/** Facts about a subject read before the eligibility filter (the profile keeps the first eligible ones). */
const FACTS_SCAN = 200;

/** The persona's effective discretion (`memory_policy.discretion`, else `memory.discretion`). */
export function discretionOf(core: CoreContext, persona: Persona): Discretion {
  return core.memory.effective(persona).discretion;
}

/**
 * A check "may this memory be brought up in front of `audience`?" for one persona: E1–E4, and for a
 * reflection every memory of its evidence (active or archived) must pass.
 */
export function eligibilityCheck(core: CoreContext, persona: Persona, audience: readonly string[]): (m: DiscretionMemory & { id: string }) => boolean {
  const discretion = discretionOf(core, persona);
  const repos = createRepositories(core.db.manager);
  return (m) => {
    if (m.memory_type !== 'reflection') return eligible(m, audience, discretion);
    const full = 'metadata' in m ? (m as unknown as Memory) : repos.memories.getMany([m.id], false)[0];
    const ids = full ? evidenceIds(full.metadata) : null;
    if (!ids) return false;
    const found = new Map([...repos.memories.getMany(ids, false), ...repos.memories.getMany(ids, true)].map((e) => [e.id, e]));
    return reflectionEligible(ids.map((id) => found.get(id)), audience, discretion);
  };
}

/** Active facts about `subjectKey` the persona may bring up in front of `audience`, best first (see `factsAbout`). */
export function eligibleFactsAbout(core: CoreContext, persona: Persona, subjectKey: string, audience: readonly string[], limit: number): Memory[] {
  if (limit <= 0) return [];
  const ok = eligibilityCheck(core, persona, audience);
  return createRepositories(core.db.manager).memories.factsAbout(persona.id, subjectKey, FACTS_SCAN).filter(ok).slice(0, limit);
}
