// What an LLM-driven MCP client pays and waits for: the bytes of tools/list per toolset (against
// `all` and against the raw zod JSON Schemas of the same tools, both computed in this run), and the
// time from issuing a token in one process to the first request the mcp service (another process,
// under a real host) accepts with it, against a request with a token it already knew.
// Run alone: node bench/mcp-clients.bench.ts [--quick]
import { fileURLToPath } from 'node:url';
import { OPERATION_TABLE, configureLogging, createCore } from '../src/core/index.ts';
import { createForkLauncher, createHost } from '../src/main/host/index.ts';
import { AppConfigSchema } from '../src/shared/index.ts';
import { createMcpService } from '../src/services/mcp/index.ts';
import { toolSchema } from '../src/services/mcp/mcp-tools.ts';
import { TOOLSET_NAMES } from '../src/services/mcp/toolsets.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { machine, ms, percentile, table, type BenchRow } from './bench-utils.ts';

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Bytes of the tools/list result one Streamable HTTP session gets with `?toolsets=`. */
async function listBytes(base: string, toolsets: string): Promise<{ tools: number; bytes: number }> {
  const init = await fetch(`${base}/mcp?toolsets=${toolsets}`, {
    method: 'POST', headers: HEADERS, body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}',
  });
  const session = { ...HEADERS, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '' };
  const res = await fetch(`${base}/mcp`, { method: 'POST', headers: session, body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' });
  const body = (await res.json()) as { result: { tools: unknown[] } };
  return { tools: body.result.tools.length, bytes: Buffer.byteLength(JSON.stringify(body.result)) };
}

/** tools/list per toolset from a real mcp service, and the same tools with the raw zod JSON Schemas. */
async function toolsetSizes(): Promise<BenchRow[]> {
  const temp = makeTempDir('bench-toolsets-');
  const config = AppConfigSchema.parse({ data_dir: temp.dir, server: { mcp_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' } });
  const core = await createCore({ config, migrate: true });
  const service = createMcpService({ core });
  const { port } = await service.start();
  try {
    const base = `http://127.0.0.1:${port}`;
    const sizes = new Map<string, { tools: number; bytes: number }>();
    for (const name of TOOLSET_NAMES) sizes.set(name, await listBytes(base, name));
    const all = sizes.get('all') as { tools: number; bytes: number };
    // The reference: the same tools described by the plain zod → JSON Schema conversion (as before the lean schemas).
    const raw = Buffer.byteLength(JSON.stringify({
      tools: OPERATION_TABLE.operations.filter((op) => op.tool).map((op) => ({
        name: op.name, description: op.summary, inputSchema: toolSchema(op.input, 'input'), outputSchema: toolSchema(op.output, 'output'),
      })),
    }));
    const rows: BenchRow[] = TOOLSET_NAMES.map((name) => {
      const s = sizes.get(name) as { tools: number; bytes: number };
      const isDefault = name === 'chat';
      return {
        bench: `MCP tools/list, toolset ${name}${isDefault ? ' (default: stdio, HTTP)' : ''}`, metric: 'tools / bytes',
        value: `${s.tools} tools, ${kb(s.bytes)} (${Math.round((100 * s.bytes) / all.bytes)}% of all)`,
        target: isDefault ? '≤ 15 tools, ≤ 24 KB' : '', met: isDefault ? (s.tools <= 15 && s.bytes <= 24 * 1024 ? 'yes' : 'no') : '',
      };
    });
    rows.push({ bench: 'MCP tools/list, all', metric: 'lean schemas vs raw zod JSON Schema', value: `${kb(all.bytes)} vs ${kb(raw)} (${Math.round((100 * all.bytes) / raw)}%)`, target: '', met: '' });
    return rows;
  } finally {
    await service.stop();
    await core.close();
    temp.cleanup();
  }
}

/** Under a real host: issue (or revoke) a token in this process, then call the mcp service's child process with it. */
async function tokenTimes(runs: number): Promise<BenchRow[]> {
  const temp = makeTempDir('bench-tokens-');
  const config = AppConfigSchema.parse({ data_dir: temp.dir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' } });
  const host = createHost({ config, launcher: createForkLauncher(), log: () => {}, baseEnv: { ...process.env, PERSONA_MCP_LOG_LEVEL: 'silent' } });
  const info = await host.start();
  // Another process's view of the same data dir, as the api service or a CLI has.
  const core = await createCore({ config, migrate: false, seed: false });
  const health = (info.urls.mcp as string).replace(/^ws/, 'http').replace(/\/mcp$/, '/');
  const call = async (token: string) => (await fetch(health, { headers: { authorization: `Bearer ${token}` } })).status;
  try {
    const known = core.tokens.ensureInstallToken();
    for (let i = 0; i < 20; i += 1) await call(known); // warm: connections, the service's token store
    const reference: number[] = [];
    const toAccepted: number[] = [];
    let refused = 0;
    let acceptedAfterRevoke = 0;
    for (let i = 0; i < runs; i += 1) {
      const r0 = performance.now();
      if ((await call(known)) !== 200) throw new Error('the known token was refused');
      reference.push(performance.now() - r0);
      const t0 = performance.now();
      const { id, token } = await core.tokens.issue(`bench-${i}`, ['read']);
      for (;;) {
        const status = await call(token);
        if (status === 200) break;
        refused += 1;
        if (performance.now() - t0 > 5000) throw new Error('a new token was not accepted within 5 s');
      }
      toAccepted.push(performance.now() - t0);
      await core.tokens.revoke(id);
      if ((await call(token)) === 200) acceptedAfterRevoke += 1;
    }
    const p50 = percentile(toAccepted, 50);
    const ref = percentile(reference, 50);
    const bench = `token issued in one process → mcp service (another) accepts it, ${runs} runs`;
    return [
      { bench, metric: 'p50 / p99 issue → first accepted request', value: `${ms(p50)} / ${ms(percentile(toAccepted, 99))} (request with a known token: p50 ${ms(ref)}; issue adds ${ms(Math.max(0, p50 - ref))})`, target: '', met: '' },
      { bench, metric: 'requests refused before acceptance', value: String(refused), target: '0', met: refused === 0 ? 'yes' : 'no' },
      { bench, metric: 'requests accepted right after revocation', value: String(acceptedAfterRevoke), target: '0', met: acceptedAfterRevoke === 0 ? 'yes' : 'no' },
    ];
  } finally {
    await core.close();
    await host.stop();
    temp.cleanup();
  }
}

/** Every row of this suite. */
export async function mcpClientBenchmarks(quick: boolean): Promise<BenchRow[]> {
  return [...(await toolsetSizes()), ...(await tokenTimes(quick ? 20 : 200))];
}

// Run alone: `node bench/mcp-clients.bench.ts [--quick]` prints the table.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  configureLogging({ level: 'silent' });
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  console.log(`MCP client benchmarks — ${new Date().toISOString()} — ${machine()}${quick ? ' (quick)' : ''}`);
  console.log(table(await mcpClientBenchmarks(quick)));
}
