import { randomUUID } from 'node:crypto';
import { isoNow, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { decayedImportance, forcedDecay } from './decay.model.ts';
import { shouldPruneAfterDecay } from './prune.model.ts';
import type { DecayRunRow } from '../db/index.ts';
import { getLogger } from '../logger/index.ts';
import { prunePersona } from './prune.service.ts';

const log = getLogger('memory.decay');

/** Result of one global decay cycle (`memory.decay_force` without a persona). */
export interface DecayCycleResult {
  status: 'global_decay_cycle_completed'; personas_processed: number; memories_decayed: number; auto_prunes_triggered: number; processing_time: number;
  /** Write transactions the importance updates took (`decay.batch_size` memories each). */
  batches: number;
}

/**
 * One decay cycle: at most `max_personas_per_cycle` personas, never-decayed and
 * least-recently-decayed first; only changed rows are written, `batch_size` per transaction; auto-prune
 * after each persona when due.
 * Writes a `decay_runs` row and emits `decay.completed`.
 */
export async function runDecayCycle(core: CoreContext): Promise<DecayCycleResult> {
  const started = performance.now();
  const now = core.now();
  const at = isoNow(now);
  const cfg = core.memory.global().decay;
  const order = createRepositories(core.db.manager).states.decayOrder(cfg.max_personas_per_cycle);
  let processed = 0;
  let decayed = 0;
  let totalDrop = 0;
  let autoPrunes = 0;
  let batches = 0;
  for (const id of order) {
    const persona = await createRepositories(core.db.manager).personas.get(id);
    if (!persona) continue;
    // Computed from one read; written `batch_size` rows per write transaction (a long cycle releases the
    // write lock between batches); the persona is marked decayed with its last batch.
    const updates: { id: string; importance: number }[] = [];
    for (const m of createRepositories(core.db.manager).memories.scan(persona.id)) {
      const next = decayedImportance(m, now, cfg);
      if (next !== null && next !== m.importance) {
        updates.push({ id: m.id, importance: next });
        totalDrop += m.importance - next;
      }
    }
    let i = 0;
    do {
      const batch = updates.slice(i, i + cfg.batch_size);
      i += cfg.batch_size;
      const last = i >= updates.length;
      await core.db.transaction(async (em) => {
        const r = createRepositories(em);
        r.memories.setImportance(batch);
        if (last) r.states.markDecayed(persona.id, at);
      });
      if (batch.length) batches += 1;
    } while (i < updates.length);
    const changes = updates.length;
    processed += 1;
    decayed += changes;
    const pruning = core.memory.effective(persona).pruning;
    const repos = createRepositories(core.db.manager);
    const low = repos.memories.countAtOrBelow(persona.id, pruning.auto_prune_importance);
    if (shouldPruneAfterDecay(repos.memories.count(persona.id), low, pruning)) {
      await prunePersona(core, persona, { force: true, dry_run: false, trigger: 'decay' });
      autoPrunes += 1;
    }
  }
  const result: DecayCycleResult = {
    status: 'global_decay_cycle_completed', personas_processed: processed, memories_decayed: decayed, auto_prunes_triggered: autoPrunes,
    processing_time: (performance.now() - started) / 1000, batches,
  };
  await recordRun(core, null, at, { personas_processed: processed, memories_processed: decayed, memories_decayed: decayed, average_decay: decayed ? totalDrop / decayed : 0, auto_prunes_triggered: autoPrunes, mode: cfg.mode, forced: false, processing_time: result.processing_time });
  log.info({ personas: processed, decayed, autoPrunes }, 'decay cycle');
  return result;
}

/** `memory.decay_force` for one persona: importance and base × (1 − factor) on every non-pinned memory above the floor. */
export async function forceDecayPersona(core: CoreContext, persona: Persona, factor: number) {
  const started = performance.now();
  const at = isoNow(core.now());
  const floor = core.memory.global().decay.floor;
  const { processed, changed, drop } = await core.db.transaction(async (em) => {
    const r = createRepositories(em);
    const all = r.memories.scan(persona.id);
    const updates: { id: string; importance: number; base_importance: number }[] = [];
    let sum = 0;
    for (const m of all) {
      const next = forcedDecay(m, factor, floor);
      if (next) { updates.push({ id: m.id, ...next }); sum += m.importance - next.importance; }
    }
    r.memories.setImportance(updates);
    return { processed: all.length, changed: updates.length, drop: sum };
  });
  await recordRun(core, persona.id, at, { personas_processed: 1, memories_processed: processed, memories_decayed: changed, average_decay: changed ? drop / changed : 0, auto_prunes_triggered: 0, mode: 'forced', forced: true, processing_time: (performance.now() - started) / 1000 });
  return { status: 'persona_decay_completed' as const, persona_id: persona.id, decay_factor: factor, memories_processed: processed, memories_decayed: changed };
}

async function recordRun(core: CoreContext, personaId: string | null, at: string, stats: Omit<DecayRunRow, 'id' | 'persona_id' | 'started_at' | 'finished_at'>): Promise<void> {
  const row = { id: randomUUID(), persona_id: personaId, started_at: at, finished_at: isoNow(core.now()), ...stats };
  await core.db.transaction(async (em) => createRepositories(em).memoryRuns.insertDecayRun(row));
  core.events.emit({ name: 'decay.completed', persona_id: personaId, at, data: row });
}
