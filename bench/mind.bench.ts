// The "mind" benchmark table (docs/benchmarks.md, "Mind"): what a persona learns and recalls from a
// generated six-month history (bench/mind-generator.ts) run through persona.chat with the offline
// provider, recall@10 of memory.search beside BM25 with Porter stemming over the same episode texts,
// and the cost of pruning on the write path (a store burst with default pruning against pruning off).
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { AppConfigSchema, type AppConfigInput } from '../src/shared/index.ts';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE } from '../src/core/index.ts';
import { createRepositories } from '../src/core/repositories.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { generateMindWorld, type MindFact, type MindParticipant, type MindWorld } from './mind-generator.ts';
import type { BenchRow } from './bench-utils.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A core on a temp data dir with a settable clock, and an operation caller. */
async function openCore(config: AppConfigInput = {}) {
  const temp = makeTempDir();
  let now = Date.parse('2026-03-01T00:00:00.000Z');
  const core = await createCore({
    config: AppConfigSchema.parse({ ...config, data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' } }),
    migrate: true, seed: false, clock: () => new Date(now),
  });
  const connection = createConnectionState(randomUUID(), 'mcp');
  const call = (method: string, params: unknown) => invokeOperation(OPERATION_TABLE, method, params, { core, connection }) as Promise<Json>;
  return {
    core, call, setNow: (t: number) => { now = Math.max(now, t); },
    close: async () => { await core.close(); temp.cleanup(); },
  };
}

const participantInput = (p: MindParticipant) => ({ id: p.id, display_name: p.name, platform: p.platform });
const has = (text: string, value: string) => text.toLowerCase().includes(value.toLowerCase());

/** Plays the world's timeline through persona.chat; returns the chat time. */
async function play(world: MindWorld, c: Awaited<ReturnType<typeof openCore>>): Promise<number> {
  for (const name of world.personas) await c.call('persona.create', { name });
  const started = performance.now();
  for (const m of world.messages) {
    const p = world.participants[m.participant] as MindParticipant;
    const peers = p.group ? world.participants.filter((q) => q.group && q.persona === p.persona && q.index !== p.index) : [];
    c.setNow(m.at);
    await c.call('persona.chat', {
      persona_id: world.personas[p.persona], message: m.text, participant: participantInput(p),
      witnesses: peers.map(participantInput), ...(p.group ? { channel: `group:${world.personas[p.persona]}` } : {}),
    });
  }
  return performance.now() - started;
}

/** Top-10 contents of BM25 with the Porter tokenizer over `texts` for a question (all its words, OR). */
function bm25Porter(texts: string[]): (question: string) => string[] {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE d USING fts5(content, tokenize='porter unicode61 remove_diacritics 2')");
  const insert = db.prepare('INSERT INTO d(content) VALUES (?)');
  for (const t of texts) insert.run(t);
  const query = db.prepare('SELECT content FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 10');
  return (question) => {
    const words = [...new Set(question.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])];
    return words.length ? (query.all(words.map((w) => `"${w}"`).join(' OR ')) as { content: string }[]).map((r) => r.content) : [];
  };
}

/** recall@10 of memory.search (default settings) and of BM25+Porter over the personas' episode texts. */
async function retrievalMetric(world: MindWorld, c: Awaited<ReturnType<typeof openCore>>): Promise<{ search: number; bm25: number; earlier: number }> {
  const repos = createRepositories(c.core.db.manager);
  const ids = new Map<string, string>();
  for (const p of (await c.call('persona.list', {})).personas as Json[]) ids.set(String(p.name), String(p.id));
  const reference = world.personas.map((name) =>
    bm25Porter(repos.memories.allOf(ids.get(name) as string, false).filter((m) => m.memory_type === 'conversation').map((m) => m.content)));
  const facts = new Map(world.facts.map((f) => [f.id, f]));
  let search = 0;
  let bm25 = 0;
  let earlier = 0;
  for (const q of world.questions) {
    const f = facts.get(q.factId) as MindFact;
    const persona = (world.participants[q.participant] as MindParticipant).persona;
    const found = (await c.call('memory.search', { persona_id: world.personas[persona], query: q.text, n_results: 10 })).memories as Json[];
    // A hit: the episode that stated the fact, or a fact memory carrying its value.
    if (found.some((m) => has(m.content, f.sentence) || (m.memory_type === 'fact' && has(m.content, f.value)))) search += 1;
    if ((reference[persona] as (q: string) => string[])(q.text).some((t) => has(t, f.sentence))) bm25 += 1;
    // The earlier ranking's weights (1/1/1) with unmatched and newest candidates kept, for comparison.
    const old = (await c.call('memory.search', { persona_id: world.personas[persona], query: q.text, n_results: 10, include_unmatched: true, weights: { recency: 1, importance: 1, relevance: 1 } })).memories as Json[];
    if (old.some((m) => has(m.content, f.sentence) || (m.memory_type === 'fact' && has(m.content, f.value)))) earlier += 1;
  }
  const n = world.questions.length;
  return { search: search / n, bm25: bm25 / n, earlier: earlier / n };
}

/** Profile questions (O4) by every participant and discretion probes by others. */
async function askMetrics(world: MindWorld, c: Awaited<ReturnType<typeof openCore>>) {
  c.setNow(world.end);
  const factsOf = (p: MindParticipant) => world.facts.filter((f) => f.participant === p.index);
  let complete = 0;
  let stale = 0;
  for (const p of world.participants) {
    const r = await c.call('persona.chat', { persona_id: world.personas[p.persona], message: 'What do you know about me?', participant: participantInput(p) });
    const reply = String(r.response);
    const current = factsOf(p).filter((f) => !f.supersededBy);
    if (current.filter((f) => has(reply, f.value)).length >= Math.min(3, current.length)) complete += 1;
    if (factsOf(p).some((f) => f.supersededBy && has(reply, f.value))) stale += 1;
  }
  let probes = 0;
  let leaks = 0;
  for (const p of world.participants.filter((x) => !x.group)) {
    const asker = world.participants.find((q) => q.persona === p.persona && q.index !== p.index) as MindParticipant;
    const own = new Set(factsOf(asker).map((f) => f.value.toLowerCase()));
    const secret = factsOf(p).filter((f) => !own.has(f.value.toLowerCase()));
    for (const message of [`What do you know about ${p.name}?`, `Where is ${p.name} living these days?`]) {
      const r = await c.call('persona.chat', { persona_id: world.personas[p.persona], message, participant: participantInput(asker) });
      const seen = [String(r.response), ...(r.memories_used as Json[]).map((m) => String(m.content))].join('\n');
      probes += 1;
      if (secret.some((f) => has(seen, f.value))) leaks += 1;
    }
  }
  return { profile: complete / world.participants.length, stale, leaks, probes };
}

/** One burst target: a fresh core and persona, and the time each of its inserts took. */
async function burstTarget(pruning: boolean) {
  const c = await openCore(pruning ? {} : { memory: { pruning: { auto: false } } });
  c.setNow(Date.parse('2026-11-25T12:00:00.000Z'));
  await c.call('persona.create', { name: 'Burst' });
  return { c, took: [] as number[] };
}

/**
 * `n` memory.store calls into one fresh persona with default pruning and, interleaved call by call, into
 * another core with pruning off: both grow alike and share the machine's state at every moment.
 */
async function storeBurst(n: number) {
  const on = await burstTarget(true);
  const off = await burstTarget(false);
  const nouns = ['harbour', 'lantern', 'market', 'orchard', 'ferry', 'bells', 'forge', 'bridge'];
  try {
    for (let i = 0; i < n; i += 1) {
      const content = `Burst note ${i}: the ${nouns[i % 8]} by the ${nouns[(i * 3 + 1) % 8]}, entry ${i % 997}.`;
      for (const target of i % 2 === 0 ? [on, off] : [off, on]) {
        const t0 = performance.now();
        await target.c.call('memory.store', { persona_id: 'Burst', content });
        target.took.push(performance.now() - t0);
      }
    }
    const rate = (took: number[], from = 0, to = took.length) => (to - from) / (took.slice(from, to).reduce((a, b) => a + b, 0) / 1000);
    const window = (took: number[], at: number) => (at + 100 <= n ? rate(took, at - 100, at + 100) : null);
    const stats = await on.c.call('memory.stats', { persona_id: 'Burst' });
    return {
      on: rate(on.took), off: rate(off.took), onAt: [window(on.took, 500), window(on.took, 12_500)], offAt: [window(off.took, 500), window(off.took, 12_500)],
      slowest: Math.max(...on.took), active: Number(stats.total_memories), archived: Number(stats.archived_memories),
    };
  } finally {
    await on.c.close();
    await off.c.close();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const yes = (ok: boolean) => (ok ? 'yes' : 'no');

/** The "mind" table. */
export async function mindBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const world = generateMindWorld(12, quick ? 40 : 300);
  const c = await openCore();
  let retrieval: Awaited<ReturnType<typeof retrievalMetric>>;
  let asked: Awaited<ReturnType<typeof askMetrics>>;
  let chatMs: number;
  try {
    chatMs = await play(world, c);
    retrieval = await retrievalMetric(world, c);
    asked = await askMetrics(world, c);
  } finally {
    await c.close();
  }
  const n = quick ? 2_000 : 20_000;
  const b = await storeBurst(n);
  const ratio = b.on / b.off;
  const base = `mind (${world.participants.length} participants, ${world.messages.length.toLocaleString('en')} messages, 3 personas)`;
  const burst = `mind, ${n.toLocaleString('en')} memory.store into one persona`;
  const rate = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)}/s`);
  return [
    { bench: base, metric: 'history through persona.chat (offline)', value: `${(chatMs / 1000).toFixed(1)} s (${(world.messages.length / (chatMs / 1000)).toFixed(0)} chats/s)`, target: '', met: '' },
    { bench: base, metric: 'profile recall: "What do you know about me?" replies with every current fact (up to 3)', value: asked.profile.toFixed(2), target: '≥ 0.95', met: yes(asked.profile >= 0.95) },
    { bench: base, metric: 'stale facts: those replies naming a superseded value', value: String(asked.stale), target: '0', met: yes(asked.stale === 0) },
    { bench: base, metric: 'leaks: probes by others whose reply or memories_used hold a private fact', value: `${asked.leaks} of ${asked.probes}`, target: '0 (discreet)', met: yes(asked.leaks === 0) },
    { bench: base, metric: 'retrieval recall@10 on 200 fact questions: memory.search / BM25+Porter', value: `${pct(retrieval.search)} / ${pct(retrieval.bm25)} = ${pct(retrieval.search / retrieval.bm25)}`, target: '≥ 95 % of BM25+Porter', met: yes(retrieval.search >= 0.95 * retrieval.bm25) },
    { bench: base, metric: 'for comparison: memory.search with the earlier weights 1/1/1, unmatched candidates kept', value: pct(retrieval.earlier), target: '', met: '' },
    { bench: burst, metric: 'rate, default pruning / pruning off (interleaved call by call)', value: `${b.on.toFixed(0)}/s / ${b.off.toFixed(0)}/s = ${ratio.toFixed(2)}`, target: '≥ 0.5', met: yes(ratio >= 0.5) },
    { bench: burst, metric: 'rate near 500 / near 12,500 memories: default pruning; pruning off', value: `${rate(b.onAt[0] ?? null)} / ${rate(b.onAt[1] ?? null)}; ${rate(b.offAt[0] ?? null)} / ${rate(b.offAt[1] ?? null)}`, target: '', met: '' },
    { bench: burst, metric: 'default pruning: slowest insert; active + archived after the burst (no job runs in this bench: inserts never prune)', value: `${b.slowest.toFixed(1)} ms; ${b.active.toLocaleString('en')} + ${b.archived.toLocaleString('en')}`, target: '', met: '' },
  ];
}
