import { randomUUID } from 'node:crypto';
import { isoNow, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { decayedImportance, forcedDecay, type DecayConfig } from './decay.model.ts';
import { shouldPruneAfterDecay } from './prune.model.ts';
import type { DecayRunRow } from '../db/index.ts';
import { getLogger } from '../logger/index.ts';
import { prunePersona } from './prune.service.ts';
import { yieldToOthers } from '../jobs/yield-turn.ts';
import type { ScanRow } from './memory.repository.ts';

const log = getLogger('memory.decay');

/** Memories a decay pass reads per page (the event loop is free between pages). */
const DECAY_PAGE = 500;

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
    const pass = await decayPersona(core, persona.id, now, at, cfg);
    batches += pass.batches;
    totalDrop += pass.drop;
    processed += 1;
    decayed += pass.changes;
    const pruning = core.memory.effective(persona).pruning;
    const repos = createRepositories(core.db.manager);
    // The low-importance count walks the importance index (tens of ms at a million memories): only when it can matter.
    const count = pruning.auto ? repos.memories.count(persona.id) : 0;
    const low = count >= pruning.auto_prune_threshold ? repos.memories.countAtOrBelow(persona.id, pruning.auto_prune_importance) : 0;
    if (shouldPruneAfterDecay(count, low, pruning)) {
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
  const repos = createRepositories(core.db.manager);
  // The memories stored before the call, a page per write transaction (the event loop and the write lock
  // are free between pages); a memory stored meanwhile is not decayed.
  const maxRid = repos.memories.maxRid();
  let processed = 0;
  let changed = 0;
  let drop = 0;
  await byCreationPages((after) => core.db.transaction(async (em) => {
    const r = createRepositories(em);
    const rows = r.memories.byCreation(persona.id, after, DECAY_PAGE, maxRid);
    const updates: { id: string; importance: number; base_importance: number }[] = [];
    for (const m of rows) {
      const next = forcedDecay(m, factor, floor);
      if (next) { updates.push({ id: m.id, ...next }); drop += m.importance - next.importance; }
    }
    r.memories.setImportance(updates);
    changed += updates.length;
    processed += rows.length;
    return rows;
  }));
  await recordRun(core, persona.id, at, { personas_processed: 1, memories_processed: processed, memories_decayed: changed, average_decay: changed ? drop / changed : 0, auto_prunes_triggered: 0, mode: 'forced', forced: true, processing_time: (performance.now() - started) / 1000 });
  return { status: 'persona_decay_completed' as const, persona_id: persona.id, decay_factor: factor, memories_processed: processed, memories_decayed: changed };
}

/**
 * One persona's part of a decay cycle: its memories read a page at a time (oldest first), the changed
 * importances written `batch_size` per write transaction, the event loop free between pages and
 * transactions; the persona is marked decayed with the last transaction.
 */
async function decayPersona(core: CoreContext, personaId: string, now: Date, at: string, cfg: DecayConfig): Promise<{ changes: number; drop: number; batches: number }> {
  const repos = createRepositories(core.db.manager);
  let pending: { id: string; importance: number }[] = [];
  let changes = 0;
  let drop = 0;
  let batches = 0;
  const write = async (batch: { id: string; importance: number }[], last: boolean) => {
    await core.db.transaction(async (em) => {
      const r = createRepositories(em);
      r.memories.setImportance(batch);
      if (last) r.states.markDecayed(personaId, at);
    });
    changes += batch.length;
    if (batch.length) batches += 1;
  };
  await byCreationPages(async (after) => {
    const page = repos.memories.byCreation(personaId, after, DECAY_PAGE);
    for (const m of page) {
      const next = decayedImportance(m, now, cfg);
      if (next !== null && next !== m.importance) {
        pending.push({ id: m.id, importance: next });
        drop += m.importance - next;
      }
    }
    while (pending.length >= cfg.batch_size) {
      await write(pending.slice(0, cfg.batch_size), false);
      pending = pending.slice(cfg.batch_size);
      await yieldToOthers();
    }
    return page;
  });
  await write(pending, true);
  return { changes, drop, batches };
}

/**
 * Walks a persona's memories oldest first (the keyset `created_at, rid`, which decay never changes):
 * `visit` reads and handles the page after `after` and returns it; a turn of the event loop between pages.
 */
async function byCreationPages(visit: (after: { created_at: string; rid: number } | null) => Promise<ScanRow[]>): Promise<void> {
  for (let after: { created_at: string; rid: number } | null = null; ; await yieldToOthers()) {
    const page = await visit(after);
    const last = page[page.length - 1];
    if (!last || page.length < DECAY_PAGE) return;
    after = { created_at: last.created_at, rid: last.rid };
  }
}

async function recordRun(core: CoreContext, personaId: string | null, at: string, stats: Omit<DecayRunRow, 'id' | 'persona_id' | 'started_at' | 'finished_at'>): Promise<void> {
  const row = { id: randomUUID(), persona_id: personaId, started_at: at, finished_at: isoNow(core.now()), ...stats };
  await core.db.transaction(async (em) => createRepositories(em).memoryRuns.insertDecayRun(row));
  core.events.emit({ name: 'decay.completed', persona_id: personaId, at, data: row });
}
