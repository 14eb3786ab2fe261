import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const MCP_ENTRY = fileURLToPath(new URL('../src/services/mcp/entry.ts', import.meta.url));
const ECHO = fileURLToPath(new URL('./echo-server.ts', import.meta.url));
const ERROR_KEY = Buffer.from('"error":');
/** Seconds of the open-loop schedule run before latencies count. */
const LEAD_IN_S = 1;
const ID_KEY = Buffer.from('"id":');

/** Forks a server script and waits for its ready message with the port (or for "listening" in the log). */
function startChild(script: string, args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, ...env } });
    child.on('message', (m: { type?: string; port?: number }) => { if (m.type === 'ready' && m.port) resolve({ child, port: m.port }); });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** CPU time (user + system, µs) a process has used so far; null where /proc is missing. */
function cpuMicros(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return null;
  }
}

/** Runs `load` and adds the server's CPU µs per answered request. */
async function measured<R extends { rps: number }>(child: ChildProcess, run: () => Promise<R>, seconds: number) {
  const before = cpuMicros(child.pid);
  const res = await run();
  const after = cpuMicros(child.pid);
  const cpuPerRequest = before === null || after === null ? null : (after - before) / (res.rps * seconds);
  return { ...res, cpuPerRequest };
}

const perRequest = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} µs`);

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
    // The client must stay cheaper than the server it measures: no string conversion, a native byte search.
    ws.on('message', (data: Buffer) => {
      latencies.push(performance.now() - sentAt);
      if (data.indexOf(ERROR_KEY) !== -1) errors += 1;
      send();
    });
    send();
  })));
  for (const ws of sockets) ws.terminate();
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, latencies };
}

/** What the closed-loop rounds measured for one server. */
interface ClosedLoop { rps: number; rounds: number[]; p50: number; p99: number; errors: number; cpuPerRequest: number | null }

/**
 * Closed-loop runs against both servers in ABBA order (ceiling, service, service, ceiling, …), so
 * a drift in the machine's speed (these are shared VMs) weighs on both alike. Throughput is the
 * median run; latency percentiles pool every run; CPU per request is total CPU over total requests.
 */
async function closedLoopRounds(targets: { child: ChildProcess; url: string }[], clients: number, seconds: number, runs: number): Promise<ClosedLoop[]> {
  const acc = targets.map(() => ({ rounds: [] as number[], latencies: [] as number[], errors: 0, cpu: 0 as number | null, requests: 0 }));
  for (let r = 0; r < runs; r += 1) {
    const order = r % 2 === 0 ? targets.map((_, i) => i) : targets.map((_, i) => targets.length - 1 - i);
    for (const i of order) {
      const { child, url } = targets[i]!;
      const res = await measured(child, () => load(url, clients, seconds, 'persona.get', { persona_id: 'Aria' }), seconds);
      const a = acc[i]!;
      a.rounds.push(res.rps);
      for (const l of res.latencies) a.latencies.push(l);
      a.errors += res.errors;
      a.requests += res.latencies.length;
      a.cpu = a.cpu === null || res.cpuPerRequest === null ? null : a.cpu + res.cpuPerRequest * res.latencies.length;
    }
  }
  return acc.map((a) => ({
    rps: percentile(a.rounds, 50), rounds: a.rounds, p50: percentile(a.latencies, 50), p99: percentile(a.latencies, 99),
    errors: a.errors, cpuPerRequest: a.cpu === null ? null : a.cpu / a.requests,
  }));
}

/**
 * N clients that each send `rate` requests per second on a fixed schedule (open loop), for
 * `seconds`: latency is measured from the scheduled send time, so queueing is counted honestly.
 * The schedule starts with `LEAD_IN_S` seconds on the fresh connections whose latencies are not
 * counted (as wrk2 leaves out its calibration period): the settling of 500 new connections is
 * not the steady latency this measures.
 */
async function paced(url: string, clients: number, rate: number, seconds: number, method: string, params: unknown) {
  const sockets = await Promise.all(Array.from({ length: clients }, () => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  })));
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / rate;
  const start = performance.now() + 50;
  const counted = start + LEAD_IN_S * 1000;
  await Promise.all(sockets.map((ws, c) => new Promise<void>((resolve) => {
    const sent = new Map<number, number>();
    let n = 0;
    const total = Math.floor((seconds + LEAD_IN_S) * rate);
    const offset = (c / clients) * interval;
    ws.on('message', (data: Buffer) => {
      const i = data.indexOf(ID_KEY) + ID_KEY.length;
      const id = Number(data.subarray(i, data.indexOf(44, i)).toString('latin1'));
      const at = sent.get(id);
      if (at !== undefined) {
        if (at >= counted) latencies.push(performance.now() - at);
        sent.delete(id);
      }
      if (data.indexOf(ERROR_KEY) !== -1) errors += 1;
      if (n >= total && sent.size === 0) resolve();
    });
    const tick = () => {
      const due = start + offset + n * interval;
      if (n >= total) return;
      if (performance.now() >= due) {
        const id = c * 1e7 + n;
        sent.set(id, due);
        n += 1;
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      }
      setTimeout(tick, Math.max(0, start + offset + n * interval - performance.now()));
    };
    tick();
  })));
  for (const ws of sockets) ws.terminate();
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/**
 * 500 concurrent WebSocket clients calling persona.get, beside a bare ws JSON server (same answer
 * size) as the ceiling: saturation throughput (closed loop), then latency at a fixed offered load.
 */
export async function mcpBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const clients = quick ? 100 : 500;
  const seconds = quick ? 2 : 5;
  const rate = quick ? 5 : 4;
  const warmup = quick ? 1 : 3;
  const runs = quick ? 2 : 4;
  const runSeconds = quick ? 2 : 3;
  const temp = makeTempDir();
  const mcp = await startChild(MCP_ENTRY, ['--data-dir', temp.dir, '--mcp-port', '0', '--log-level', 'silent'], {
    PERSONA_MCP_LLM_PROVIDER: 'offline', PERSONA_MCP_SERVER__MAX_CONNECTIONS: '2000', PERSONA_MCP_LIMITS__MESSAGES_PER_SECOND: '0',
  });
  const sample = await oneCall(`ws://127.0.0.1:${mcp.port}/mcp`, 'persona.get', { persona_id: 'Aria' });
  const echo = await startChild(ECHO, [], { ECHO_RESULT: JSON.stringify(sample) });
  try {
    // Both servers first serve the same load unmeasured, so the table shows steady state rather
    // than V8 still compiling the hot paths (the ceiling's few lines warm at once, the service's do not).
    await load(`ws://127.0.0.1:${echo.port}/mcp`, clients, warmup, 'persona.get', { persona_id: 'Aria' });
    await load(`ws://127.0.0.1:${mcp.port}/mcp`, clients, warmup, 'persona.get', { persona_id: 'Aria' });
    const [echoRes, mcpRes] = await closedLoopRounds([
      { child: echo.child, url: `ws://127.0.0.1:${echo.port}/mcp` }, { child: mcp.child, url: `ws://127.0.0.1:${mcp.port}/mcp` },
    ], clients, runSeconds, runs) as [ClosedLoop, ClosedLoop];
    const pacedRes = await paced(`ws://127.0.0.1:${mcp.port}/mcp`, clients, rate, seconds, 'persona.get', { persona_id: 'Aria' });
    // The same schedule against the ceiling: what the machine and the client allow at this load.
    const pacedEcho = await paced(`ws://127.0.0.1:${echo.port}/mcp`, clients, rate, seconds, 'persona.get', { persona_id: 'Aria' });
    const share = mcpRes.rps / echoRes.rps;
    const paired = mcpRes.rounds.map((x, i) => x / echoRes.rounds[i]!);
    const pairs = paired.map((r) => `${(r * 100).toFixed(0)}%`).join(', ');
    const everyPair = Math.min(...paired) >= 0.6;
    const label = `${clients} WS clients`;
    const offered = `${clients * rate} req/s offered`;
    return [
      { bench: `${label}, bare ws JSON server (ceiling)`, metric: 'throughput (closed loop)', value: `${Math.round(echoRes.rps)} req/s (median of ${runs} runs)`, target: '', met: '' },
      { bench: `${label}, bare ws JSON server (ceiling)`, metric: 'p50 / p99 (closed loop)', value: `${ms(echoRes.p50)} / ${ms(echoRes.p99)}`, target: '', met: '' },
      { bench: `${label}, bare ws JSON server (ceiling)`, metric: 'server CPU per request (closed loop)', value: perRequest(echoRes.cpuPerRequest), target: '', met: '' },
      { bench: `${label}, bare ws JSON server (ceiling), ${offered}`, metric: 'p50 / p99 (open loop)', value: `${ms(pacedEcho.p50)} / ${ms(pacedEcho.p99)}`, target: '', met: '' },
      { bench: `${label}, persona.get`, metric: 'throughput (closed loop)', value: `${Math.round(mcpRes.rps)} req/s (${(share * 100).toFixed(0)}% of the ceiling; runs paired: ${pairs})`, target: '≥ 60% of the ceiling in every paired run', met: everyPair ? 'yes' : 'no' },
      { bench: `${label}, persona.get`, metric: 'server CPU per request (closed loop)', value: perRequest(mcpRes.cpuPerRequest), target: '', met: '' },
      { bench: `${label}, persona.get`, metric: 'p50 / p99 (closed loop)', value: `${ms(mcpRes.p50)} / ${ms(mcpRes.p99)}`, target: '', met: '' },
      { bench: `${label}, persona.get, ${offered}`, metric: 'p50 / p99 (open loop)', value: `${ms(pacedRes.p50)} / ${ms(pacedRes.p99)}`, target: 'p99 < 10 ms', met: pacedRes.p99 < 10 ? 'yes' : 'no' },
      { bench: `${label}, persona.get`, metric: 'errors', value: String(mcpRes.errors + pacedRes.errors), target: '0', met: mcpRes.errors + pacedRes.errors === 0 ? 'yes' : 'no' },
    ];
  } finally {
    mcp.child.kill('SIGTERM');
    echo.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    temp.cleanup();
  }
}

/** One request on a fresh connection; returns its result. */
async function oneCall(url: string, method: string, params: unknown): Promise<unknown> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const reply = await new Promise<{ result?: unknown }>((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as { result?: unknown }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
  });
  ws.terminate();
  return reply.result;
}
