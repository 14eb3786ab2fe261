import { isoNow } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import type { LlmProvider } from '../llm/index.ts';
import { prepared } from '../db/index.ts';
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
  const rows = prepared(core.db.sqlite,
    `SELECT memory_id, 1 - vec_distance_cosine(embedding, @v) AS cosine FROM memory_embeddings
     WHERE persona_id = @p AND model = @m ORDER BY vec_distance_cosine(embedding, @v) LIMIT @n`,
  ).all({ v: q.blob, p: personaId, m: q.model, n: limit }) as { memory_id: string; cosine: number }[];
  return new Map(rows.map((r) => [r.memory_id, r.cosine]));
}

/** Cosine similarity of given memories to the query (memories without a vector are left out). */
export function cosineOf(core: CoreContext, ids: string[], q: { blob: Buffer; model: string }): Map<string, number> {
  if (ids.length === 0) return new Map();
  const rows = prepared(core.db.sqlite,
    `SELECT memory_id, 1 - vec_distance_cosine(embedding, @v) AS cosine FROM memory_embeddings
     WHERE model = @m AND memory_id IN (SELECT value FROM json_each(@ids))`,
  ).all({ v: q.blob, m: q.model, ids: JSON.stringify(ids) }) as { memory_id: string; cosine: number }[];
  return new Map(rows.map((r) => [r.memory_id, r.cosine]));
}

/**
 * Computes missing vectors for up to `max` memories (newest first, batches of 32). Runs in the
 * background after writes; a provider failure stops the pass and is retried on the next one.
 */
export async function fillMissingEmbeddings(core: CoreContext, max = 256): Promise<number> {
  const e = embeddingProvider(core);
  if (!e) return 0;
  const missing = prepared(core.db.sqlite,
    `SELECT m.id, m.persona_id, m.content FROM memories m LEFT JOIN memory_embeddings x ON x.memory_id = m.id AND x.model = @m
     WHERE x.memory_id IS NULL ORDER BY m.created_at DESC LIMIT @n`,
  ).all({ m: e.model, n: max }) as { id: string; persona_id: string; content: string }[];
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
    await core.db.transaction(async () => {
      const ins = prepared(core.db.sqlite, 'INSERT OR REPLACE INTO memory_embeddings (memory_id, persona_id, model, dims, embedding, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      batch.forEach((m, j) => {
        const v = vectors[j];
        if (v) ins.run(m.id, m.persona_id, e.model, v.length, toBlob(v), at);
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
