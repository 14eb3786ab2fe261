// `npm run bench`: runs every benchmark, prints one table and writes it to docs/benchmarks.md
// with the machine and date. BENCH_QUICK=1 runs smaller sizes (not written to the docs).
import { writeFileSync } from 'node:fs';
import { intelligenceBenchmarks } from './intelligence.bench.ts';
import { mcpBenchmarks } from './mcp.bench.ts';
import { machine, table } from './bench-utils.ts';
import { configureLogging } from '../src/core/index.ts';

configureLogging({ level: 'silent' });

const quick = process.env.BENCH_QUICK === '1';
const started = new Date();
console.log(`persona-mcp benchmarks — ${started.toISOString()} — ${machine()}${quick ? ' (quick)' : ''}`);
const rows = [...(await intelligenceBenchmarks(quick)), ...(await mcpBenchmarks(quick))];
const out = table(rows);
console.log(out);
if (!quick) {
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), [
    '# Benchmarks', '', `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}.`, '', `Machine: ${machine()}.`, '', out, '',
    'Method: memory.search runs through the operations table (validation, FTS5 candidates, scoring) on a real SQLite file with one persona holding the given number of memories; each query has three to four words. Chat overhead is the wall time of persona.chat minus the LLM time reported by the provider, against the scripted LLM server with zero delay (prompt assembly, recall, both messages, memory, relationship, emotion and avatar writes in one transaction).', '',
    'WebSocket: the mcp service and a bare `ws` echo server each run in a child process; the benchmark process opens the given number of connections and every connection sends its next request as soon as the previous answer arrives (closed loop), for 5 s. With every client always waiting, latency is queueing time: in-flight requests / throughput.', '',
    'Recall bounds its BM25 work: terms matching more than 1,000 memories are left out when rarer terms exist, and when every term is that common the newest 1,000 matches are ranked (`src/core/repositories/memory.repository.ts`).', '',
  ].join('\n'));
  console.log('wrote docs/benchmarks.md');
}
