import { AppError, isoNow, type Memory, type MemoryConfig, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories, type MemoryListFilter } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { requireMemory } from './memory.service.ts';
import { mergeMemoryConfig, policyPatch } from './memory-config.ts';
import { supersedeFact } from './fact-consolidation.service.ts';

// Editing memories and the memory configuration.

/**
 * `memory.restore`: brings an archived memory back (MEMORY_NOT_FOUND when none) and emits `memory.changed`.
 * A slot holds one active fact, so restoring a fact undoes a supersede: the slot's other active facts are
 * archived as superseded by it, and its own `superseded_by` is dropped.
 */
export async function restoreMemory(core: CoreContext, memoryId: string): Promise<Memory> {
  const at = isoNow(core.now());
  const { restored, retired } = await core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    let m = await repos.memories.restore(memoryId, at);
    if (!m) throw new AppError('MEMORY_NOT_FOUND', `No archived memory ${memoryId}`, { details: { memory_id: memoryId } });
    const out: string[] = [];
    const slot = m.memory_type === 'fact' ? m.fact_key : null;
    if (slot) {
      if ('superseded_by' in m.metadata) {
        const { superseded_by: _old, ...metadata } = m.metadata;
        m = { ...m, metadata };
        await repos.memories.save(m);
      }
      for (const other of repos.memories.factsInSlot(m.persona_id, slot)) {
        if (other.id !== m.id && await supersedeFact(repos, other, m.id, at)) out.push(other.id);
      }
    }
    return { restored: m, retired: out };
  });
  core.events.emit({ name: 'memory.changed', persona_id: restored.persona_id, at, data: { memory_id: restored.id, change: 'restored' } });
  for (const id of retired) core.events.emit({ name: 'memory.changed', persona_id: restored.persona_id, at, data: { memory_id: id, change: 'superseded' } });
  return restored;
}

/** `memory.list`: one page of a persona's memories or archive. */
export function listMemories(core: CoreContext, personaId: string, archived: boolean, filter: MemoryListFilter) {
  return createRepositories(core.db.manager).memories.list(personaId, archived, filter);
}

/** The fields `memory.update` may change (already validated). */
export type MemoryPatch = Partial<Pick<Memory, 'content' | 'memory_type' | 'visibility' | 'witnessed_by' | 'pinned' | 'metadata' | 'importance'>> & {
  /** Persona references, resolved to ids. */
  related_personas?: string[];
};

/** `memory.update`: edits an active memory (CONFLICT when archived) and emits `memory.changed`. */
export async function updateMemory(core: CoreContext, memoryId: string, patch: MemoryPatch): Promise<Memory> {
  const at = isoNow(core.now());
  const updated = await core.db.transaction(async (em) => {
    const found = await requireMemory(em, memoryId);
    if (found.archived) throw new AppError('CONFLICT', 'The memory is archived; restore it first', { details: { memory_id: memoryId } });
    const { related_personas, importance, ...fields } = patch;
    const next = { ...found.memory, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    if (related_personas) next.related_personas = await Promise.all(related_personas.map(async (r) => (await requirePersona(em, r)).id));
    if (importance !== undefined) Object.assign(next, { importance, base_importance: importance, importance_source: 'manual' });
    await createRepositories(em).memories.save(next);
    return next;
  });
  core.events.emit({ name: 'memory.changed', persona_id: updated.persona_id, at, data: { memory_id: updated.id, change: 'updated' } });
  return updated;
}

/** Deep-merges a persona's retrieval/pruning/extraction/discretion overrides (validated against the global configuration) and saves the persona. */
export async function setPersonaMemoryOverrides(core: CoreContext, personaRef: string, patch: Record<string, unknown>): Promise<{ overrides: Record<string, unknown>; effective: MemoryConfig }> {
  const at = isoNow(core.now());
  return core.db.transaction(async (em) => {
    const persona = await requirePersona(em, personaRef);
    const overrides = deepMergePlain(persona.memory_policy ?? {}, patch);
    mergeMemoryConfig(core.memory.global(), policyPatch(overrides), 'config');
    const next: Persona = { ...persona, memory_policy: overrides, version: persona.version + 1, updated_at: at };
    await createRepositories(em).personas.save(next);
    return { overrides, effective: core.memory.effective(next) };
  });
}

/** Deep-merges and persists the global memory configuration; the decay job (in its owner) follows at once. */
export async function setGlobalMemoryConfig(core: CoreContext, patch: Record<string, unknown>): Promise<MemoryConfig> {
  const next = mergeMemoryConfig(core.memory.global(), patch);
  await core.db.transaction((em) => createRepositories(em).settings.set('memory', next, isoNow(core.now())));
  core.memory.setGlobal(next);
  if (!next.decay.enabled) await core.jobs.stop('decay');
  else if ((await core.jobs.state('decay')).running) await core.jobs.start('decay');
  return next;
}

function deepMergePlain(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v)
      ? deepMergePlain(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
