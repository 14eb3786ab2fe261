import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const MCP_ENTRY = fileURLToPath(new URL('../src/services/mcp/entry.ts', import.meta.url));
const ECHO = fileURLToPath(new URL('./echo-server.ts', import.meta.url));

/** Forks a server script and waits for its ready message with the port (or for "listening" in the log). */
function startChild(script: string, args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, ...env } });
    child.on('message', (m: { type?: string; port?: number }) => { if (m.type === 'ready' && m.port) resolve({ child, port: m.port }); });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** N clients, each sending `method` back-to-back for `seconds`; returns throughput and latency. */
async function load(url: string, clients: number, seconds: number, method: string, params: unknown) {
  const sockets = await Promise.all(Array.from({ length: clients }, () => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  })));
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(sockets.map((ws, c) => new Promise<void>((resolve) => {
    let id = 0;
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= end) return resolve();
      id += 1;
      sentAt = performance.now();
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: c * 1e7 + id, method, params }));
    };
    ws.on('message', (data) => {
      latencies.push(performance.now() - sentAt);
      if (String(data).includes('"error"')) errors += 1;
      send();
    });
    send();
  })));
  for (const ws of sockets) ws.terminate();
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** 500 concurrent WebSocket clients calling persona.get, beside a bare ws echo server as the ceiling. */
export async function mcpBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const clients = quick ? 100 : 500;
  const seconds = quick ? 2 : 5;
  const temp = makeTempDir();
  const mcp = await startChild(MCP_ENTRY, ['--data-dir', temp.dir, '--mcp-port', '0', '--log-level', 'silent'], {
    PERSONA_MCP_LLM_PROVIDER: 'offline', PERSONA_MCP_SERVER__MAX_CONNECTIONS: '2000', PERSONA_MCP_LIMITS__MESSAGES_PER_SECOND: '0',
  });
  const echo = await startChild(ECHO, []);
  try {
    const echoRes = await load(`ws://127.0.0.1:${echo.port}/mcp`, clients, seconds, 'ping', {});
    const mcpRes = await load(`ws://127.0.0.1:${mcp.port}/mcp`, clients, seconds, 'persona.get', { persona_id: 'Aria' });
    const share = mcpRes.rps / echoRes.rps;
    const label = `${clients} WS clients`;
    return [
      { bench: `${label}, bare ws echo (ceiling)`, metric: 'throughput', value: `${Math.round(echoRes.rps)} req/s`, target: '', met: '' },
      { bench: `${label}, bare ws echo (ceiling)`, metric: 'p50 / p99', value: `${ms(echoRes.p50)} / ${ms(echoRes.p99)}`, target: '', met: '' },
      { bench: `${label}, persona.get`, metric: 'throughput', value: `${Math.round(mcpRes.rps)} req/s (${(share * 100).toFixed(0)}% of echo)`, target: '≥ 50% of echo', met: share >= 0.5 ? 'yes' : 'no' },
      { bench: `${label}, persona.get`, metric: 'p50 / p99', value: `${ms(mcpRes.p50)} / ${ms(mcpRes.p99)}`, target: 'p99 < 10 ms', met: mcpRes.p99 < 10 ? 'yes' : 'no' },
      { bench: `${label}, persona.get`, metric: 'errors', value: String(mcpRes.errors), target: '0', met: mcpRes.errors === 0 ? 'yes' : 'no' },
    ];
  } finally {
    mcp.child.kill('SIGTERM');
    echo.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    temp.cleanup();
  }
}
