// `npm run bench`: runs every benchmark, prints the tables and writes them to docs/benchmarks.md
// with the machine and date. BENCH_QUICK=1 runs smaller sizes (not written to the docs).
// BENCH_ONLY=mind (a comma-separated list of suite names) runs only those; the "mind" table then
// replaces only its own section of docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { intelligenceBenchmarks } from './intelligence.bench.ts';
import { mcpBenchmarks } from './mcp.bench.ts';
import { mcpClientBenchmarks } from './mcp-clients.bench.ts';
import { stdioBenchmarks } from './stdio.bench.ts';
import { apiBenchmarks } from './api.bench.ts';
import { dashboardBenchmarks } from './dashboard.bench.ts';
import { hostBenchmarks } from './host.bench.ts';
import { botBenchmarks } from './bot.bench.ts';
import { mindBenchmarks } from './mind.bench.ts';
import { SCALE_TEXT, scaleBenchmarks } from './scale.bench.ts';
import { machine, table } from './bench-utils.ts';
import { configureLogging } from '../src/core/index.ts';

configureLogging({ level: 'silent' });

const quick = process.env.BENCH_QUICK === '1';
const SUITES = {
  intelligence: intelligenceBenchmarks, mcp: mcpBenchmarks, 'mcp-clients': mcpClientBenchmarks, stdio: stdioBenchmarks, api: apiBenchmarks, dashboard: dashboardBenchmarks, host: hostBenchmarks, bot: botBenchmarks,
};
/** Suites with their own section of docs/benchmarks.md (after the main table). */
const SECTIONS = ['mind', 'scale'];
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
for (const name of only ?? []) if (!(name in SUITES) && !SECTIONS.includes(name)) throw new Error(`BENCH_ONLY: no suite ${name} (${[...Object.keys(SUITES), ...SECTIONS].join(', ')})`);
const started = new Date();
console.log(`persona-mcp benchmarks — ${started.toISOString()} — ${machine()}${quick ? ' (quick)' : ''}`);
// One after the other: each suite measures its own processes, so they must not compete for the cores.
const rows = [];
for (const [name, suite] of Object.entries(SUITES)) if (!only || only.has(name)) rows.push(...(await suite(quick)));
const out = rows.length ? table(rows) : '';
if (out) console.log(out);
const scaleRows = !only || only.has('scale') ? await scaleBenchmarks(quick) : [];
const scale = scaleRows.length ? table(scaleRows) : '';
if (scale) console.log(`\nscale\n${scale}`);
const mindRows = !only || only.has('mind') ? await mindBenchmarks(quick) : [];
const mind = mindRows.length ? table(mindRows) : '';
if (mind) console.log(`\nmind\n${mind}`);
const MIND_HEAD = '## Mind';
const SCALE_HEAD = '## Scale';
const scaleSection = () => [
  SCALE_HEAD, '', `Written by \`BENCH_ONLY=scale node bench/run.ts\` (or the full run) on ${started.toISOString().slice(0, 10)}, same machine.`, '', scale, '',
  SCALE_TEXT, '',
].join('\n');
const mindSection = () => [
  MIND_HEAD, '', `Written by \`BENCH_ONLY=mind npm run bench\` (or the full run) on ${started.toISOString().slice(0, 10)}, same machine.`, '', mind, '',
  'What is generated (`bench/mind-generator.ts`, seed 12): 3 personas; 20 participants on 2 platforms (`api`, `discord`), each talking to one persona, half of them in private and half in a shared group channel (the other group members of the persona are passed as witnesses); per participant 5–8 facts stated in the sentence patterns of fact extraction (where they live, their work, where they come from, a favourite, what they enjoy or hate, their age, their dog, their guild, their travel plans) over 10 sessions spread across six months (the clock is set to each message\'s date, so `created_at` follows the sessions), about a fifth of them later superseded (a move, a new job), interleaved with 300 filler messages per participant that name the speaker and carry importance keywords (love, family, amazing, !) but not the facts. Everything runs through `persona.chat` with the offline provider on a real SQLite data dir.', '',
  'Metrics: profile recall asks "What do you know about me?" as every participant at the end and counts the replies that name every current fact of the asker (up to 3); stale counts those replies naming a superseded value; leaks: for every private participant another participant of the same persona asks "What do you know about {name}?" and "Where is {name} living these days?", and a probe leaks when its reply or `memories_used` holds a value of the private participant\'s facts. Retrieval: 200 questions that paraphrase a current fact with other word forms (plural, -ing, past tense: "Where is Bob living these days?" for "I live in Wolfcrest.") and never quote it; a hit is the episode that stated the fact (or a `fact` memory with its value) among `memory.search`\'s top 10 with default settings; the reference is BM25 with the Porter tokenizer (FTS5 `porter unicode61`, all words of the question) over the same personas\' episode texts, computed in the same run. Store burst: 20,000 `memory.store` calls into one fresh persona with default pruning, against the same burst into a second core with `memory.pruning.auto` off, interleaved call by call (both grow alike and share the machine\'s state at every moment); a rate is calls over the summed time of those calls, and the rates near 500 and 12,500 memories are over the 200 inserts around that count.', '',
  'Before this change the insert trigger ran a full pruning pass on every insert once a persona held 1,000 memories (the grace period protected the recent ones, so each pass archived nothing): measured on the running product, 63 inserts/s at 12,500 memories against 2,300/s at 500; the same burst as above through the release before this change (commit e096e77) on this machine gave 3,657/s near 500 and 28/s near 12,500 memories (51/s over 12,600 inserts, nothing archived). Then an automatic pass that archives nothing backs off (the next one waits for 5 % more memories, at least 50), and the defaults are 20,000 / 18,000 / 16,000. Since the scale change inserts never run a pass at all: the pruning job of the job owner does, in bounded batches (docs/architecture.md "Pruning off the write path"), and this bench runs no job, so both cores do the same work per insert.', '',
].join('\n');
if (!quick && only && only.has('scale') && only.size === 1) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = readFileSync(file, 'utf8');
  const at = doc.indexOf(SCALE_HEAD);
  const end = doc.indexOf(MIND_HEAD);
  writeFileSync(file, at >= 0 ? `${doc.slice(0, at)}${scaleSection()}${end > at ? doc.slice(end) : ''}` : end >= 0 ? `${doc.slice(0, end)}${scaleSection()}${doc.slice(end)}` : `${doc.trimEnd()}\n\n${scaleSection()}`);
  console.log('wrote the Scale section of docs/benchmarks.md');
}
if (!quick && only && only.has('mind') && only.size === 1) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = readFileSync(file, 'utf8');
  const at = doc.indexOf(MIND_HEAD);
  writeFileSync(file, `${(at >= 0 ? doc.slice(0, at) : `${doc.trimEnd()}\n\n`)}${mindSection()}`);
  console.log('wrote the Mind section of docs/benchmarks.md');
}
if (!quick && !only) {
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), [
    '# Benchmarks', '', `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}.`, '', `Machine: ${machine()}.`, '', out, '',
    'Method: memory.search runs through the operations table (validation, FTS5 candidates, scoring) on a real SQLite file with one persona holding the given number of memories; each query has three to four words. Chat overhead is the wall time of persona.chat minus the LLM time reported by the provider, against the scripted LLM server with zero delay (prompt assembly, recall, both messages, memory, relationship, emotion and avatar writes in one transaction).', '',
    'WebSocket: the mcp service and a bare `ws` JSON server each run in a child process. The bare server parses every frame and answers with a result of the same size as a persona.get answer (the same bytes and JSON work, no validation, no database): that is the ceiling. The benchmark process opens the given number of connections and first runs the closed-loop load for 3 s against each server unmeasured (so both are measured warm, after V8 compiled their hot paths); for throughput every connection sends its next request as soon as the previous answer arrives (closed loop), so latency there is queueing time (in-flight requests / throughput). The closed loop runs four times 3 s per server in ABBA order (ceiling, service, service, ceiling), so a drift in the shared VM\'s speed weighs on both alike; throughput is the median run, and the paired per-run ratios are shown to make the machine\'s noise visible. Latency proper is measured open loop: every client sends on a fixed schedule at the offered rate, and each latency counts from the scheduled send time (the first second of the schedule, on freshly opened connections, is run but not counted); the same schedule also runs against the ceiling, to show what the machine and the client allow at that load. Server CPU per request is the server process\'s user + system time (from /proc) over the closed-loop run divided by the requests it answered: on two cores the client needs one, so throughput is the inverse of that figure.', '',
    'MCP clients (`bench/mcp-clients.bench.ts`, runs alone too): tools/list is the result a Streamable HTTP session of a real mcp service gets with `?toolsets=<name>`, in bytes of JSON, against `all` and against the same tools described by the plain zod → JSON Schema conversion (the reference, computed in the same run). Tokens: a real host runs the services in child processes; the benchmark opens a second core on the data dir (as the api service or the CLI does), issues a token and at once calls the mcp service\'s `GET /` with it until it is accepted, counting refusals; then revokes it and calls once more (it must be refused). The reference is the same call with a token the service already knew.', '',
    'stdio: `persona-mcp mcp --stdio` started as a desktop MCP client starts it (a child process with piped stdio, on a data dir already migrated by a first start), timed from spawn to the answer of `initialize`; RSS is the resident memory of the whole process tree 300 ms after it answered. The reference is a bare Node process answering one JSON line on stdio, started alternately in the same run.', '',
    'PersonaAPI: `GET /api/personas` and `GET /api/personas/:id` from 100 keep-alive connections against the api service in a child process, beside a bare fastify 5 server answering the same JSON objects (serialised per request; the reference of the claim) in ABBA rounds (fastify, service, service, fastify, twice), so every paired ratio is shown, and a bare `node:http` server sending the same bytes (the machine\'s ceiling). Dashboard ready: Debian Chromium loads the built dashboard from the api service and the time runs from navigation start to the persona list showing its rows. Host: `createHost` start to both services answering, and kill -9 of the mcp service to answering again on the same port. Bots: bot start to its first Matrix sync against the in-repo homeserver, and kill -9 to synced again. Encrypted DM: bot start to the person\'s matrix-js-sdk client (Rust crypto) showing the bot\'s decrypted reply in an encrypted DM (the bot\'s sealed crypto store restored from the second run on), against the same in a plain DM with a bot whose encryption is off, alternating in one run; the ratio is encrypted / plain. Homeserver down at start: the bot starts while the homeserver is down (state `waiting`, retries 1 s doubling), the homeserver comes back 1.5 s after the bot reported `waiting`, and the time runs from the homeserver listening again to the bot running and synced; the reference is a start with the homeserver up in the same run.', '',
    'Recall bounds its BM25 work: terms matching more than 1,000 memories are left out when rarer terms exist, and when every term is that common the newest 1,000 matches are ranked (`src/core/memory/memory.repository.ts`; docs/architecture.md "Recall at scale").', '',
    scaleSection(),
    mindSection(),
  ].join('\n'));
  console.log('wrote docs/benchmarks.md');
}
