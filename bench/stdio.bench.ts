import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

// `persona-mcp mcp --stdio` as a desktop MCP client starts it: from spawn to the answer of
// `initialize`, and the resident memory of the whole process tree once it answered. The reference in
// the same run is a bare Node process answering one JSON line on stdio (Node's own start).

const BIN = fileURLToPath(new URL('../bin/persona-mcp.js', import.meta.url));
const BARE = "process.stdin.once('data', () => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) + '\\n'));";
const INIT = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`;

/** Resident bytes of `pid` and its descendants (Linux /proc), and how many processes that is. */
function treeRss(pid: number): { bytes: number; processes: number } {
  const parentOf = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parentOf.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  let bytes = 0;
  for (const p of tree) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      bytes += Number(rss?.[1] ?? 0) * 1024;
    } catch { /* gone */ }
  }
  return { bytes, processes: tree.length };
}

/** One start: spawn → first stdout line; the tree's RSS 300 ms later; then end its input and wait for exit. */
async function startOnce(args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, ...env } });
  child.stdin.write(INIT);
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const elapsed = performance.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  const rss = treeRss(child.pid as number);
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return { elapsed, ...rss };
}

/** `mcp --stdio` start → first answer and RSS, beside a bare Node process answering one line. */
export async function stdioBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const runs = quick ? 3 : 9;
  const temp = makeTempDir('persona-mcp-bench-stdio-');
  try {
    const env = { PERSONA_MCP_LLM__PROVIDER: 'offline', PERSONA_MCP_LOG_LEVEL: 'warn' };
    const mcpArgs = [BIN, 'mcp', '--stdio', '--data-dir', temp.dir];
    await startOnce(mcpArgs, env); // first start: migrations, seed, compile caches
    const mcp: Awaited<ReturnType<typeof startOnce>>[] = [];
    const bare: Awaited<ReturnType<typeof startOnce>>[] = [];
    for (let i = 0; i < runs; i += 1) {
      bare.push(await startOnce(['-e', BARE], {}));
      mcp.push(await startOnce(mcpArgs, env));
    }
    const p50 = (xs: number[]) => percentile(xs, 50);
    const mib = (b: number) => `${(b / 1_048_576).toFixed(0)} MiB`;
    const start = p50(mcp.map((r) => r.elapsed));
    return [
      { bench: 'bare Node process answering one line on stdio (reference)', metric: 'start → first answer p50', value: ms(p50(bare.map((r) => r.elapsed))), target: '', met: '' },
      { bench: 'bare Node process answering one line on stdio (reference)', metric: 'RSS', value: mib(p50(bare.map((r) => r.bytes))), target: '', met: '' },
      { bench: 'persona-mcp mcp --stdio (warm data dir)', metric: 'start → initialize answered p50', value: `${ms(start)} (max ${ms(Math.max(...mcp.map((r) => r.elapsed)))})`, target: '< 400 ms', met: start < 400 ? 'yes' : 'no' },
      { bench: 'persona-mcp mcp --stdio (warm data dir)', metric: 'RSS of the process tree; processes', value: `${mib(p50(mcp.map((r) => r.bytes)))}; ${Math.max(...mcp.map((r) => r.processes))}`, target: '1 process', met: mcp.every((r) => r.processes === 1) ? 'yes' : 'no' },
    ];
  } finally {
    temp.cleanup();
  }
}
