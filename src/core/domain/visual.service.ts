import type { EntityManager } from 'typeorm';
import { AppError, isoNow, type Persona, type VisualManualFields, type VisualRecord, type VisualState } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories/index.ts';

/**
 * The effective avatar state at `now` (intelligence.md §2.7, §9): manual fields win until
 * `manual_until`, the gesture shows until it expires, tags are manual ∪ auto.
 */
export function effectiveVisual(record: VisualRecord, persona: Pick<Persona, 'assets'>, now: Date, speakingNow = false): VisualState {
  const manualActive = record.manual_until === null || Date.parse(record.manual_until) > now.getTime();
  const manual = manualActive ? record.manual : {};
  const gestureActive = record.gesture !== null && (record.gesture_expires_at === null || Date.parse(record.gesture_expires_at) > now.getTime());
  const expression = manual.expression ?? record.auto.expression;
  const asset = persona.assets.find((a) => a.type === 'emotion' && a.name === expression);
  const autoSpeaking = record.auto.speaking || speakingNow;
  const tags = [...new Set([...(manual.animation_tags ?? []), ...record.auto.tags, ...(autoSpeaking ? ['speaking'] : [])])];
  return {
    expression,
    expression_source: manual.expression !== undefined ? 'manual' : 'auto',
    expression_asset: asset && typeof asset.uri === 'string' ? { uri: asset.uri, name: String(asset.name) } : null,
    gesture: gestureActive ? record.gesture : null,
    gesture_seq: record.gesture_seq,
    gesture_expires_at: gestureActive ? record.gesture_expires_at : null,
    animation_tags: tags,
    gaze_target: manual.gaze_target !== undefined ? manual.gaze_target : record.auto.gaze_target,
    intensity: manual.intensity ?? record.auto.intensity,
    speaking: manual.speaking ?? autoSpeaking,
    manual_until: manualActive ? record.manual_until : null,
    updated_at: record.updated_at,
  };
}

/** Applies `visual.update` fields as manual overrides (or resets them all); returns the new record. */
export function applyManualVisual(
  record: VisualRecord,
  fields: VisualManualFields & { expires_in_ms?: number | null; reset?: boolean },
  now: Date,
): VisualRecord {
  const at = isoNow(now);
  if (fields.reset) return { ...record, manual: {}, manual_until: null, updated_at: at };
  const stillManual = record.manual_until === null || Date.parse(record.manual_until) > now.getTime();
  const manual = { ...(stillManual ? record.manual : {}) };
  for (const key of ['expression', 'animation_tags', 'gaze_target', 'intensity', 'speaking'] as const) {
    if (fields[key] !== undefined) (manual as Record<string, unknown>)[key] = fields[key];
  }
  const next: VisualRecord = {
    ...record,
    manual,
    manual_until: fields.expires_in_ms ? new Date(now.getTime() + fields.expires_in_ms).toISOString() : null,
    updated_at: at,
  };
  if (fields.gesture !== undefined) {
    next.gesture = fields.gesture;
    next.gesture_source = 'manual';
    next.gesture_seq = record.gesture_seq + 1;
    next.gesture_expires_at = next.manual_until;
  }
  return next;
}

/**
 * Marks a persona as speaking while `work` runs (§9: speaking while a reply is generated) and emits
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
