import type { EntityManager } from 'typeorm';
import { AppError, isoNow, type Persona, type VisualRecord, type VisualState } from '../../shared/index.ts';
import { effectiveVisualState } from './avatar.model.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';

/**
 * The effective avatar state at `now` of a persona: the model's `effectiveVisualState` with the
 * persona's card assets.
 */
export function effectiveVisual(record: VisualRecord, persona: Pick<Persona, 'assets'>, now: Date, speakingNow = false): VisualState {
  return effectiveVisualState(record, persona.assets, now, speakingNow);
}

/**
 * Marks a persona as speaking while `work` runs (speaking while a reply is generated) and emits
 * `visual.changed` when it starts. Transient: nothing is written, so a failed reply leaves no trace.
 */
export async function whileSpeaking<T>(core: CoreContext, persona: Persona, work: () => Promise<T>): Promise<T> {
  core.speaking.set(persona.id, (core.speaking.get(persona.id) ?? 0) + 1);
  try {
    const record = await requireVisualRecord(core.db.manager, persona.id);
    const now = core.now();
    core.events.emit({ name: 'visual.changed', persona_id: persona.id, at: isoNow(now), data: { visual: { ...effectiveVisual(record, persona, now, true), persona_id: persona.id } } });
    return await work();
  } finally {
    const n = (core.speaking.get(persona.id) ?? 1) - 1;
    if (n > 0) core.speaking.set(persona.id, n);
    else core.speaking.delete(persona.id);
  }
}

/** Loads a persona's visual record or fails loudly (every persona has one). */
export async function requireVisualRecord(em: EntityManager, personaId: string): Promise<VisualRecord> {
  const row = await createRepositories(em).states.getVisual(personaId);
  if (!row) throw new AppError('INTERNAL_ERROR', `Persona ${personaId} has no visual state`);
  return row.record;
}

/**
 * Sets the auto expression to the current emotion label; when the effective state changes a
 * `visual.changed` event is emitted after the caller's transaction commits.
 */
export async function refreshAutoExpression(core: CoreContext, em: EntityManager, personaId: string, label: string, now: Date): Promise<void> {
  const record = await requireVisualRecord(em, personaId);
  if (record.auto.expression === label) return;
  const next = { ...record, auto: { ...record.auto, expression: label }, updated_at: isoNow(now) };
  await createRepositories(em).states.saveVisual({ persona_id: personaId, record: next, updated_at: next.updated_at });
  const persona = await createRepositories(em).personas.get(personaId);
  const visual = effectiveVisual(next, persona ?? { assets: [] }, now);
  queueMicrotask(() => core.events.emit({ name: 'visual.changed', persona_id: personaId, at: isoNow(now), data: { visual } }));
}
