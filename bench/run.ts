// `npm run bench`: runs every benchmark, prints one table and writes it to docs/benchmarks.md
// with the machine and date. BENCH_QUICK=1 runs smaller sizes (not written to the docs).
import { writeFileSync } from 'node:fs';
import { intelligenceBenchmarks } from './intelligence.bench.ts';
import { mcpBenchmarks } from './mcp.bench.ts';
import { mcpClientBenchmarks } from './mcp-clients.bench.ts';
import { apiBenchmarks } from './api.bench.ts';
import { dashboardBenchmarks } from './dashboard.bench.ts';
import { hostBenchmarks } from './host.bench.ts';
import { botBenchmarks } from './bot.bench.ts';
import { machine, table } from './bench-utils.ts';
import { configureLogging } from '../src/core/index.ts';

configureLogging({ level: 'silent' });

const quick = process.env.BENCH_QUICK === '1';
const started = new Date();
console.log(`persona-mcp benchmarks — ${started.toISOString()} — ${machine()}${quick ? ' (quick)' : ''}`);
// One after the other: each suite measures its own processes, so they must not compete for the cores.
const suites = { intelligence: intelligenceBenchmarks, mcp: mcpBenchmarks, 'mcp-clients': mcpClientBenchmarks, api: apiBenchmarks, dashboard: dashboardBenchmarks, host: hostBenchmarks, bot: botBenchmarks };
// BENCH_ONLY=api,mcp runs only the named suites (printed, never written to the docs).
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
const partial = only.length > 0;
const rows = [];
for (const [name, suite] of Object.entries(suites)) if (!partial || only.includes(name)) rows.push(...(await suite(quick)));
const out = table(rows);
console.log(out);
if (!quick && !partial) {
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), [
    '# Benchmarks', '', `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}.`, '', `Machine: ${machine()}.`, '', out, '',
    'Method: memory.search runs through the operations table (validation, FTS5 candidates, scoring) on a real SQLite file with one persona holding the given number of memories; each query has three to four words. Chat overhead is the wall time of persona.chat minus the LLM time reported by the provider, against the scripted LLM server with zero delay (prompt assembly, recall, both messages, memory, relationship, emotion and avatar writes in one transaction).', '',
    'WebSocket: the mcp service and a bare `ws` JSON server each run in a child process. The bare server parses every frame and answers with a result of the same size as a persona.get answer (the same bytes and JSON work, no validation, no database): that is the ceiling. The benchmark process opens the given number of connections and first runs the closed-loop load for 3 s against each server unmeasured (so both are measured warm, after V8 compiled their hot paths); for throughput every connection sends its next request as soon as the previous answer arrives (closed loop), so latency there is queueing time (in-flight requests / throughput). The closed loop runs four times 3 s per server in ABBA order (ceiling, service, service, ceiling), so a drift in the shared VM\'s speed weighs on both alike; throughput is the median run, and the paired per-run ratios are shown to make the machine\'s noise visible. Latency proper is measured open loop: every client sends on a fixed schedule at the offered rate, and each latency counts from the scheduled send time (the first second of the schedule, on freshly opened connections, is run but not counted); the same schedule also runs against the ceiling, to show what the machine and the client allow at that load. Server CPU per request is the server process\'s user + system time (from /proc) over the closed-loop run divided by the requests it answered: on two cores the client needs one, so throughput is the inverse of that figure.', '',
    'MCP clients (`bench/mcp-clients.bench.ts`, runs alone too): tools/list is the result a Streamable HTTP session of a real mcp service gets with `?toolsets=<name>`, in bytes of JSON, against `all` and against the same tools described by the plain zod → JSON Schema conversion (the reference, computed in the same run). Tokens: a real host runs the services in child processes; the benchmark opens a second core on the data dir (as the api service or the CLI does), issues a token and at once calls the mcp service\'s `GET /` with it until it is accepted, counting refusals; then revokes it and calls once more (it must be refused). The reference is the same call with a token the service already knew.', '',
    'PersonaAPI: `GET /api/personas` from 100 keep-alive connections against the api service in a child process, beside a bare `node:http` server. Dashboard ready: Debian Chromium loads the built dashboard from the api service and the time runs from navigation start to the persona list showing its rows. Host: `createHost` start to both services answering, and kill -9 of the mcp service to answering again on the same port. Bots: bot start to its first Matrix sync against the in-repo homeserver, and kill -9 to synced again.', '',
    'Recall bounds its BM25 work: terms matching more than 1,000 memories are left out when rarer terms exist, and when every term is that common the newest 1,000 matches are ranked (`src/core/memory/memory.repository.ts`).', '',
  ].join('\n'));
  console.log('wrote docs/benchmarks.md');
}
