import { randomUUID } from 'node:crypto';
import { AppConfigSchema } from '../src/shared/index.ts';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE, type CoreContext } from '../src/core/index.ts';
import { ftsTokens, quoteFtsToken } from '../src/core/memory/retrieval.model.ts';
import { runDecayCycle } from '../src/core/memory/decay.service.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { bulkSeedMemories, queryFrom } from '../tests/support/bulk-seed.ts';
import { seededRandom } from '../tests/support/seeded-random.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

// Scale (issue "Performance at scale"): memory.search at 10k / 100k / 1M memories in one persona with
// 2–4-word queries drawn from the stored texts, beside plain FTS5 bm25() top-10 over the same table in
// the same run; and inserts into a persona over its pruning threshold while the background pruning job
// brings it back to target.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function openCore(dir: string, memory: Json = {}): Promise<CoreContext> {
  return createCore({ config: AppConfigSchema.parse({ data_dir: dir, log: { level: 'silent' }, memory }), migrate: true });
}

/** Seeds `n` memories into a new persona; returns its id, the seeding time and a sample of stored texts. */
async function seedPersona(core: CoreContext, n: number, policy?: Json): Promise<{ id: string; seedMs: number; texts: string[] }> {
  const conn = createConnectionState(randomUUID(), 'mcp');
  const { persona_id: id } = (await invokeOperation(OPERATION_TABLE, 'persona.create', { name: `Scale ${n}`, ...(policy ? { memory_policy: policy } : {}) }, { core, connection: conn })) as Json;
  const texts: string[] = [];
  const every = Math.max(1, Math.floor(n / 2000));
  const seedMs = bulkSeedMemories(core.db.sqlite, { personaId: id, count: n, onText: (i, t) => { if (i % every === 0) texts.push(t); } });
  core.db.sqlite.exec("INSERT INTO memories_fts(memories_fts) VALUES ('optimize')");
  return { id, seedMs, texts };
}

/** Retrieval at one size: memory.search and the FTS5 reference, alternating query by query; then pruning when asked. */
async function retrievalAt(n: number, queries: number, prune: boolean): Promise<BenchRow[]> {
  const temp = makeTempDir();
  const core = await openCore(temp.dir);
  try {
    const { id, seedMs, texts } = await seedPersona(core, n);
    const rand = seededRandom(n);
    const qs = Array.from({ length: queries }, () => queryFrom(texts[Math.floor(rand() * texts.length)] as string, rand));
    const conn = createConnectionState(randomUUID(), 'mcp');
    const ref = core.db.sqlite.prepare('SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT 10');
    // What any ranker that min-max normalises over the best 200 BM25 matches must read (the spec's candidate
    // set), then the 10 rows it returns in full: the work memory.search cannot skip, as a second reference.
    const floor = core.db.sqlite.prepare('SELECT m.rid, m.created_at, m.last_accessed_at, m.importance, x.b FROM (SELECT rowid AS r, bm25(memories_fts) AS b FROM memories_fts WHERE memories_fts MATCH ? ORDER BY b LIMIT 200) x CROSS JOIN memories m ON m.rid = x.r').raw();
    const rows10 = core.db.sqlite.prepare('SELECT * FROM memories WHERE rid IN (SELECT value FROM json_each(?))');
    const floorOf = (match: string) => rows10.all(JSON.stringify((floor.all(match) as number[][]).slice(0, 10).map((r) => r[0])));
    const ours: number[] = [];
    const theirs: number[] = [];
    const floors: number[] = [];
    const search = (q: string) => invokeOperation(OPERATION_TABLE, 'memory.search', { persona_id: id, query: q, n_results: 10, touch: false }, { core, connection: conn });
    // Warm-up: every query once through memory.search (a long-running service has compiled its hot paths;
    // the references are SQLite's C code and need none), and a few through the references.
    for (const q of qs) await search(q);
    for (const q of qs.slice(0, 50)) { ref.all(ftsTokens(q).map(quoteFtsToken).join(' OR ')); floorOf(ftsTokens(q).map(quoteFtsToken).join(' OR ')); }
    // The first statement on a query's terms reads their index pages into the CPU caches and the ones after
    // it find them there: the order of the three rotates query by query, so none is always first.
    for (const [i, q] of qs.entries()) {
      const match = ftsTokens(q).map(quoteFtsToken).join(' OR ');
      const runs: (() => Promise<void>)[] = [
        async () => { const t0 = performance.now(); await search(q); ours.push(performance.now() - t0); },
        async () => { const t0 = performance.now(); ref.all(match); theirs.push(performance.now() - t0); },
        async () => { const t0 = performance.now(); floorOf(match); floors.push(performance.now() - t0); },
      ];
      for (let k = 0; k < runs.length; k += 1) await (runs[(i + k) % runs.length] as () => Promise<void>)();
    }
    const label = `memory.search, ${n.toLocaleString('en')} memories`;
    const [p50, p99, r50, r99] = [percentile(ours, 50), percentile(ours, 99), percentile(theirs, 50), percentile(theirs, 99)];
    const [f50, f99] = [percentile(floors, 50), percentile(floors, 99)];
    const big = n >= 1_000_000;
    return [
      { bench: label, metric: `seed (${n.toLocaleString('en')} rows, FTS triggers)`, value: `${(seedMs / 1000).toFixed(1)} s`, target: '', met: '' },
      { bench: label, metric: 'p50', value: ms(p50), target: '', met: '' },
      { bench: label, metric: 'p99', value: ms(p99), target: big ? '< 10 ms' : '', met: big ? (p99 < 10 ? 'yes' : 'no') : '' },
      { bench: label, metric: 'FTS5 bm25 top-10 p50 / p99 (reference)', value: `${ms(r50)} / ${ms(r99)}`, target: '', met: '' },
      { bench: label, metric: 'p50 ratio to the reference', value: `${(p50 / r50).toFixed(2)}×`, target: '≤ 1.5×', met: p50 / r50 <= 1.5 ? 'yes' : 'no' },
      { bench: label, metric: 'FTS5 best 200 by bm25 with their scoring columns, then 10 rows in full, p50 / p99 (second reference)', value: `${ms(f50)} / ${ms(f99)}`, target: '', met: '' },
      { bench: label, metric: 'p50 ratio to the second reference', value: `${(p50 / f50).toFixed(2)}×`, target: '', met: '' },
      ...(prune ? await decayAt(core, id, n) : []),
      ...(prune ? await pruningAt(core, id, n) : []),
    ];
  } finally {
    await core.close();
    temp.cleanup();
  }
}

/** `call` at `rate` per second on a fixed schedule until `until` resolves (or for `until` seconds): latency from each due time. */
async function paced(call: () => Promise<unknown>, rate: number, until: Promise<unknown> | number): Promise<number[]> {
  let over = false;
  if (typeof until === 'number') setTimeout(() => { over = true; }, until * 1000);
  else void until.then(() => { over = true; });
  const latencies: number[] = [];
  const start = performance.now();
  for (let k = 0; !over; k += 1) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    await new Promise((r) => (wait > 1 ? setTimeout(r, wait - 1) : setImmediate(r)));
    // A timer may fire a little early by this clock: the last stretch waits a turn at a time.
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    if (over) break;
    await call();
    latencies.push(performance.now() - due);
  }
  return latencies;
}

/**
 * A decay cycle over the persona (its automatic pruning off, so the cycle only decays) while persona.get
 * arrives at 200 per second in the same process, as a game client of the mcp service would poll: the
 * cycle's time, the longest turn it held the event loop, and the calls' latency beside the same schedule
 * with no cycle, measured just before.
 */
async function decayAt(core: CoreContext, id: string, n: number): Promise<BenchRow[]> {
  const conn = createConnectionState(randomUUID(), 'mcp');
  const call = (method: string, params: Json) => invokeOperation(OPERATION_TABLE, method, params, { core, connection: conn });
  const poll = () => call('persona.get', { persona_id: id });
  await call('memory.config_set', { persona_id: id, config: { pruning: { auto: false } } });
  const idle = await paced(poll, 200, 3);
  let stall = 0;
  let last = performance.now();
  const probe = setInterval(() => { const now = performance.now(); stall = Math.max(stall, now - last); last = now; }, 1);
  const t0 = performance.now();
  const cycle = runDecayCycle(core);
  const during = await paced(poll, 200, cycle);
  const result = await cycle;
  const took = performance.now() - t0;
  clearInterval(probe);
  stall = Math.max(stall, performance.now() - last);
  const label = `decay cycle over ${n.toLocaleString('en')} memories, persona.get at 200/s beside it`;
  return [
    { bench: label, metric: `cycle time (${result.memories_decayed.toLocaleString('en')} memories decayed, ${result.batches.toLocaleString('en')} write transactions)`, value: `${(took / 1000).toFixed(1)} s`, target: '', met: '' },
    { bench: label, metric: 'longest event-loop turn during the cycle', value: ms(stall), target: '< 100 ms', met: stall < 100 ? 'yes' : 'no' },
    // No call answered during the cycle means the cycle held the event loop from start to end.
    { bench: label, metric: `persona.get p50 / p99 during the cycle (${during.length} calls)`, value: during.length ? `${ms(percentile(during, 50))} / ${ms(percentile(during, 99))}` : 'none answered', target: 'p99 < 20 ms', met: during.length && percentile(during, 99) < 20 ? 'yes' : 'no' },
    { bench: label, metric: `persona.get p50 / p99 with no cycle (reference, ${idle.length} calls)`, value: `${ms(percentile(idle, 50))} / ${ms(percentile(idle, 99))}`, target: '', met: '' },
  ];
}

/**
 * Inserts into a persona over its pruning threshold while this process (the job owner, as the mcp service
 * is) runs the pruning job: the persona's policy sets max_memories to its count, the threshold 2 % and the
 * target 5 % below it. Reports insert p50/p99 during the run and the time until the run reached its target.
 */
async function pruningAt(core: CoreContext, id: string, n: number, inserts = 2000): Promise<BenchRow[]> {
  const conn = createConnectionState(randomUUID(), 'mcp');
  const call = (method: string, params: Json) => invokeOperation(OPERATION_TABLE, method, params, { core, connection: conn });
  const target = Math.round(n * 0.95);
  await call('memory.config_set', { persona_id: id, config: { pruning: { auto: true, max_memories: n, threshold: Math.round(n * 0.98), target } } });
  const runs = () => (core.db.sqlite.prepare("SELECT count(*) AS n FROM prune_runs WHERE trigger = 'insert'").get() as { n: number }).n;
  const before = runs();
  core.startJobs();
  const t0 = performance.now();
  const samples: number[] = [];
  for (let i = 0; i < inserts; i += 1) {
    const t1 = performance.now();
    await call('memory.store', { persona_id: id, content: `While pruning, note ${i} about the harbour and the ferry.`, importance: 0.5 });
    samples.push(performance.now() - t1);
    await new Promise((r) => setImmediate(r));
  }
  while (runs() === before) await new Promise((r) => setTimeout(r, 20));
  const done = performance.now() - t0;
  const run = core.db.sqlite.prepare("SELECT memories_before, memories_after, memories_pruned, processing_time FROM prune_runs WHERE trigger = 'insert' ORDER BY started_at DESC LIMIT 1").get() as Json;
  const label = `insert with the persona over its pruning threshold, ${n.toLocaleString('en')} memories`;
  const p99 = percentile(samples, 99);
  return [
    { bench: label, metric: `memory.store p50 (${inserts} calls during the run)`, value: ms(percentile(samples, 50)), target: '', met: '' },
    { bench: label, metric: 'memory.store p99', value: ms(p99), target: '< 20 ms', met: p99 < 20 ? 'yes' : 'no' },
    { bench: label, metric: `pruning job: ${run.memories_before.toLocaleString('en')} → ${run.memories_after.toLocaleString('en')} (target ${target.toLocaleString('en')})`, value: `${(done / 1000).toFixed(1)} s`, target: '', met: '' },
  ];
}

/** The method and the before/after notes printed under the Scale table of docs/benchmarks.md. */
export const SCALE_TEXT = [
  'Method (`bench/scale.bench.ts`): one persona holds the given number of memories, written by `bulkSeedMemories` (`tests/support/bulk-seed.ts`): prepared INSERTs straight into `memories`, 50,000 per transaction, the FTS5 and `prune_state` triggers running as for any insert, then an FTS5 `optimize`; the seed time is in the table. Texts are 8–20 words drawn from a Zipf law over a 20,000-word vocabulary whose most frequent words are common English words (stop words included), then theme words, then made-up names. Each query is 2–4 consecutive words of a stored text (so most queries hold common words, and some hold only stop words). memory.search runs through the operations table (validation, persona, recall, scoring, output check; n_results 10) on the real SQLite file; the reference is plain FTS5 `SELECT rowid FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT 10` with the same query terms (after stop-word removal, OR-ed), run beside each search, so both see the same machine state; the order of the measured statements rotates query by query (the first one on a query\'s terms pays for reading their index pages into the CPU caches). The second reference is the least a ranker over the spec\'s candidate set reads: FTS5 `bm25()` of every match, the best 200 joined to their `created_at`, `last_accessed_at` and `importance`, then the 10 first rows in full (`SELECT *`), timed right after the first. Pruning: after the retrieval queries of the largest size, the persona\'s policy sets `max_memories` to its count, the threshold 2 % and the target 5 % below; this process then serves its jobs (as the mcp service does) and makes 2,000 `memory.store` calls while the pruning job brings the persona to its target; the time runs from the jobs\' start to the run\'s `prune_runs` row.',
  '',
  'Before this change (commit 598d732, the same bench with 200 queries per size): p50 / p99 0.27 / 2.4 ms at 10,000, 1.35 / 11.1 ms at 100,000, 8.4 / 129 ms at 1,000,000 memories, against a reference of 6.3 / 1,455 ms at 1,000,000 (so 1.33× its p50). Measured from outside for the issue on this machine kind: 2.5 / 4.2 ms at 10k, 7.9 / 12.9 ms at 100k, 65 / 108 ms at 1M. An insert that triggered pruning then waited for a full pass over the persona: 18 ms at 10k, 270 ms at 100k, 4.3 s at 1M. Now the insert path only reads the trigger-kept count and wakes the job (docs/architecture.md "Pruning off the write path"); the p99 above is the insert latency while the job archives in the same process.',
  '',
  'Lean candidates (the four scoring columns as row arrays, a persona flag from SQL, one count of the whole query before its terms, results built only for the winners), against the code before them (commit eab2e27) in one process on the same file, query by query with the order rotating: p50 / p99 168 / 1,381 µs against 186 / 1,849 µs at 10,000 memories, 795 / 3,696 µs against 788 / 3,623 µs at 100,000, with the same top 10 on 300 of the queries. The p50 target of 1.5× plain FTS5 top-10 is not met at 10,000 and 100,000: the second reference, the candidate set the ranking rules define (every match scored by `bm25()`, the best 200 joined to their scoring columns, 10 rows read), is itself about 2× plain top-10 at 10,000 memories, before any validation, scoring or output.',
  '',
  'Decay: after the retrieval queries of the largest size, with the persona\'s automatic pruning off (so the cycle only decays), one decay cycle runs in this process (`runDecayCycle`, as the `decay` job runs it) while persona.get is called on a fixed schedule of 200 per second (a game client polling its NPC), each latency counted from its due time; a 1 ms interval timer records the longest turn of the event loop. The reference is the same schedule for 3 s just before, with no cycle. Before this change a cycle read the whole persona and wrote it without giving the event loop a turn: over 100,000 memories (with the prune it triggered) it held the process for 10.7 s, so a request arriving then waited that long; over 1,000,000 memories the same cycle took 147 s. Now the cycle reads 500 memories per page and yields between pages and write transactions (docs/architecture.md "Passes over a whole persona").',
].join('\n');

/** Every scale benchmark. */
export async function scaleBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const sizes = process.env.BENCH_SCALE_SIZES ? process.env.BENCH_SCALE_SIZES.split(',').map(Number) : quick ? [10_000, 50_000] : [10_000, 100_000, 1_000_000];
  const rows: BenchRow[] = [];
  for (const n of sizes) rows.push(...(await retrievalAt(n, quick ? 200 : 1000, n === Math.max(...sizes))));
  return rows;
}
