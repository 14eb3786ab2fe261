import { randomUUID } from 'node:crypto';
import { AppConfigSchema } from '../src/shared/index.ts';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE, type CoreContext } from '../src/core/index.ts';
import { createRepositories } from '../src/core/repositories.ts';
import { createScriptedLlmServer } from '../tests/support/scripted-llm-server.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { memoryFixture } from '../tests/support/fixtures.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const WORDS = ['dragon', 'mill', 'river', 'caravan', 'bees', 'tower', 'rune', 'harbour', 'song', 'ferry', 'storm', 'market', 'lantern', 'forge', 'orchard', 'bridge'];

async function seed(core: CoreContext, n: number): Promise<void> {
  const now = Date.now();
  await core.db.transaction(async (em) => {
    const r = createRepositories(em).memories;
    for (let i = 0; i < n; i += 1) {
      const a = WORDS[i % 16] as string;
      const b = WORDS[(i * 7 + 3) % 16] as string;
      await r.insert(memoryFixture(ARIA, {
        content: `Note ${i}: the ${a} by the ${b}, entry ${i % 997}, with ${WORDS[(i * 13) % 16]} and more words about the day`,
        importance: 0.1 + ((i * 37) % 80) / 100, base_importance: 0.5, created_at: new Date(now - (i % 400) * 3_600_000).toISOString(),
      }));
    }
  });
}

/** Retrieval latency of memory.search at a given memory count (one persona). */
async function retrieval(n: number, queries: number): Promise<BenchRow[]> {
  const temp = makeTempDir();
  const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' } });
  const core = await createCore({ config, migrate: true });
  try {
    await seed(core, n);
    const conn = createConnectionState(randomUUID(), 'mcp');
    const samples: number[] = [];
    for (let i = 0; i < queries; i += 1) {
      const query = `${WORDS[i % 16]} ${WORDS[(i * 5 + 1) % 16]} entry ${i % 997}`;
      const t0 = performance.now();
      await invokeOperation(OPERATION_TABLE, 'memory.search', { persona_id: ARIA, query, n_results: 5 }, { core, connection: conn });
      samples.push(performance.now() - t0);
    }
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    return [
      { bench: `memory.search, ${n.toLocaleString('en')} memories`, metric: 'p50', value: ms(p50), target: '', met: '' },
      { bench: `memory.search, ${n.toLocaleString('en')} memories`, metric: 'p99', value: ms(p99), target: n >= 100_000 ? '< 10 ms' : '', met: n >= 100_000 ? (p99 < 10 ? 'yes' : 'no') : '' },
    ];
  } finally {
    await core.close();
    temp.cleanup();
  }
}

/** Chat overhead excluding LLM time: persona.chat against the scripted server with zero delay. */
export async function chatOverhead(turns: number): Promise<BenchRow[]> {
  const llm = await createScriptedLlmServer({ script: () => ({ text: 'Well met! The road was long.' }) });
  const temp = makeTempDir();
  const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { base_url: llm.ollamaUrl } });
  const core = await createCore({ config, migrate: true });
  try {
    await seed(core, 500);
    const conn = createConnectionState(randomUUID(), 'mcp');
    const samples: number[] = [];
    for (let i = 0; i < turns; i += 1) {
      const t0 = performance.now();
      const r = (await invokeOperation(OPERATION_TABLE, 'persona.chat', {
        persona_id: ARIA, message: `Tell me about the ${WORDS[i % 16]} again`, participant: { id: `bench-${i % 4}` },
      }, { core, connection: conn })) as { llm_time_ms: number };
      samples.push(performance.now() - t0 - r.llm_time_ms);
    }
    const p50 = percentile(samples, 50);
    return [
      { bench: 'persona.chat overhead (excl. LLM), 500+ memories', metric: 'p50', value: ms(p50), target: '< 5 ms', met: p50 < 5 ? 'yes' : 'no' },
      { bench: 'persona.chat overhead (excl. LLM), 500+ memories', metric: 'p99', value: ms(percentile(samples, 99)), target: '', met: '' },
    ];
  } finally {
    await core.close();
    temp.cleanup();
    await llm.close();
  }
}

/** Every intelligence benchmark (issue: persona intelligence). */
export async function intelligenceBenchmarks(quick: boolean): Promise<BenchRow[]> {
  return [
    ...(await retrieval(10_000, quick ? 100 : 500)),
    ...(await retrieval(quick ? 20_000 : 100_000, quick ? 100 : 500)),
    ...(await chatOverhead(quick ? 50 : 300)),
  ];
}
