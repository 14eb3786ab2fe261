import { isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import type { LlmProvider } from '../llm/index.ts';
import { createRepositories } from '../repositories.ts';
import { getLogger } from '../logger/index.ts';

const log = getLogger('memory.embeddings');

/** The embedding provider when embeddings are enabled and sqlite-vec is loaded, else null. */
export function embeddingProvider(core: CoreContext): { provider: LlmProvider; model: string } | null {
  return core.db.vectors ? core.llm.embedder() : null;
}

const toBlob = (v: number[]) => Buffer.from(new Float32Array(v).buffer);

/** The query's vector, or null when embeddings are off or the provider fails (recall then uses BM25 alone). */
export async function queryVector(core: CoreContext, text: string): Promise<{ blob: Buffer; model: string } | null> {
  const e = embeddingProvider(core);
  if (!e) return null;
  try {
    const [v] = await e.provider.embed([text], e.model);
    return v ? { blob: toBlob(v), model: e.model } : null;
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'embedding the query failed; using BM25 only');
    return null;
  }
}

/** Vector candidates: the persona's memories nearest to the query (cosine similarity), best first. */
export function vectorCandidates(core: CoreContext, personaId: string, q: { blob: Buffer; model: string }, limit: number): Map<string, number> {
  const rows = createRepositories(core.db.manager).embeddings.nearest(personaId, q, limit);
  return new Map(rows.map((r) => [r.memory_id, r.cosine]));
}

/** Cosine similarity of given memories to the query (memories without a vector are left out). */
export function cosineOf(core: CoreContext, ids: string[], q: { blob: Buffer; model: string }): Map<string, number> {
  if (ids.length === 0) return new Map();
  const rows = createRepositories(core.db.manager).embeddings.cosineOf(ids, q);
  return new Map(rows.map((r) => [r.memory_id, r.cosine]));
}

/**
 * Computes missing vectors for up to `max` memories (newest first, batches of 32). Runs in the
 * background after writes; a provider failure stops the pass and is retried on the next one.
 */
export async function fillMissingEmbeddings(core: CoreContext, max = 256): Promise<number> {
  const e = embeddingProvider(core);
  if (!e) return 0;
  const missing = createRepositories(core.db.manager).embeddings.missing(e.model, max);
  let done = 0;
  for (let i = 0; i < missing.length; i += 32) {
    const batch = missing.slice(i, i + 32);
    let vectors: number[][];
    try {
      vectors = await e.provider.embed(batch.map((m) => m.content), e.model);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'embedding memories failed; will retry later');
      break;
    }
    const at = isoNow(core.now());
    await core.db.transaction(async (em) => {
      const embeddings = createRepositories(em).embeddings;
      batch.forEach((m, j) => {
        const v = vectors[j];
        if (v) embeddings.put({ memory_id: m.id, persona_id: m.persona_id, model: e.model, vector: toBlob(v), dims: v.length, created_at: at });
      });
    });
    done += batch.length;
  }
  return done;
}

const pending = new WeakMap<CoreContext, Promise<void>>();

/** Schedules a background fill (coalesced: at most one pass is pending per core); close() waits for it. */
export function scheduleEmbeddingFill(core: CoreContext): void {
  if (!embeddingProvider(core) || pending.has(core)) return;
  const run = Promise.resolve()
    .then(() => fillMissingEmbeddings(core))
    .then(() => undefined, (err: unknown) => log.error({ err }, 'embedding fill failed'))
    .finally(() => pending.delete(core));
  pending.set(core, run);
  core.background(run);
}
