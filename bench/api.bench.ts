import { fork, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const API_ENTRY = fileURLToPath(new URL('../src/services/api/entry.ts', import.meta.url));
const BARE_FASTIFY = fileURLToPath(new URL('./bare-fastify.ts', import.meta.url));

// A bare node:http server answering a fixed body of the same size: the ceiling of this machine.
const BARE_SERVER = `
const { createServer } = require('node:http');
let body = Buffer.alloc(0);
process.on('message', (m) => { if (m.body) body = Buffer.from(m.body); });
const srv = createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
srv.keepAliveTimeout = 60000;
srv.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: srv.address().port }));
`;

function waitReady(child: ChildProcess, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type?: string; port?: number }) => { if (m.type === 'ready' && m.port) resolve(m.port); });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/** GET `path` from `clients` keep-alive connections back-to-back for `seconds`; throughput and latency. */
async function load(port: number, path: string, clients: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const once = () => new Promise<void>((resolve) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - started);
        if (res.statusCode !== 200) errors += 1;
        resolve();
      });
    });
    req.on('error', () => { errors += 1; resolve(); });
    req.end();
  });
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) await once();
  }));
  agent.destroy();
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** One measured round per server in ABBA order, repeated `rounds` times: paired ratios make the machine's drift visible. */
async function abba(ref: number, refPath: string, svc: number, svcPath: string, clients: number, seconds: number, rounds: number) {
  const refRuns: Awaited<ReturnType<typeof load>>[] = [];
  const svcRuns: Awaited<ReturnType<typeof load>>[] = [];
  for (let r = 0; r < rounds; r += 1) {
    refRuns.push(await load(ref, refPath, clients, seconds));
    svcRuns.push(await load(svc, svcPath, clients, seconds));
    svcRuns.push(await load(svc, svcPath, clients, seconds));
    refRuns.push(await load(ref, refPath, clients, seconds));
  }
  const ratios = svcRuns.map((s, i) => s.rps / (refRuns[i] as { rps: number }).rps);
  return { refRuns, svcRuns, ratios };
}

const median = (xs: number[]) => percentile(xs, 50);

/**
 * The PersonaAPI in a child process: `GET /api/personas` and `GET /api/personas/:id` at 100
 * concurrent keep-alive connections, beside a bare fastify 5 server answering the same JSON (the
 * reference of the claim) and a bare node:http server sending the same bytes (the machine's ceiling).
 */
export async function apiBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const clients = 100;
  const seconds = quick ? 1 : 3;
  const rounds = quick ? 1 : 2;
  const temp = makeTempDir();
  const api = fork(API_ENTRY, ['--data-dir', temp.dir, '--api-port', '0', '--log-level', 'silent'], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, PERSONA_MCP_LLM__PROVIDER: 'offline', PERSONA_MCP_LIMITS__MESSAGES_PER_SECOND: '0' },
  });
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const fastify = fork(BARE_FASTIFY, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  try {
    const [apiPort, barePort, fastifyPort] = await Promise.all([waitReady(api, 'api service'), waitReady(bare, 'bare server'), waitReady(fastify, 'bare fastify')]);
    const list = await fetch(`http://127.0.0.1:${apiPort}/api/personas`).then((r) => r.text());
    const id = (JSON.parse(list) as { personas: { id: string }[] }).personas[0]?.id as string;
    const one = await fetch(`http://127.0.0.1:${apiPort}/api/personas/${id}`).then((r) => r.text());
    bare.send({ body: list });
    fastify.send({ routes: { '/list': JSON.parse(list), '/one': JSON.parse(one) } });
    await new Promise((r) => setTimeout(r, 100));
    for (const [port, path] of [[apiPort, '/api/personas'], [apiPort, `/api/personas/${id}`], [fastifyPort, '/list'], [fastifyPort, '/one'], [barePort, '/']] as const) {
      await load(port, path, clients, quick ? 0.3 : 2); // warm-up (JIT, SQLite page cache), unmeasured
    }
    const bareRes = await load(barePort, '/', clients, seconds);
    const listRuns = await abba(fastifyPort, '/list', apiPort, '/api/personas', clients, seconds, rounds);
    const oneRuns = await abba(fastifyPort, '/one', apiPort, `/api/personas/${id}`, clients, seconds, rounds);
    const label = `${clients} keep-alive HTTP clients`;
    const rows: BenchRow[] = [
      { bench: `${label}, bare node:http (ceiling)`, metric: 'throughput', value: `${Math.round(bareRes.rps)} req/s`, target: '', met: '' },
    ];
    for (const [what, size, runs] of [['GET /api/personas', list.length, listRuns], [`GET /api/personas/:id`, one.length, oneRuns]] as const) {
      const ref = median(runs.refRuns.map((r) => r.rps));
      const svc = median(runs.svcRuns.map((r) => r.rps));
      const worst = Math.min(...runs.ratios);
      const errors = runs.svcRuns.reduce((n, r) => n + r.errors, 0);
      rows.push(
        { bench: `${label}, bare fastify 5, same JSON (${size} B) as ${what}`, metric: 'throughput', value: `${Math.round(ref)} req/s`, target: '', met: '' },
        { bench: `${label}, ${what}`, metric: 'throughput', value: `${Math.round(svc)} req/s (${(svc / ref * 100).toFixed(0)}% of bare fastify)`, target: '≥ 50% of bare fastify', met: svc / ref >= 0.5 ? 'yes' : 'no' },
        { bench: `${label}, ${what}`, metric: 'paired runs vs bare fastify', value: runs.ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(' / '), target: '', met: worst >= 0.5 ? 'yes' : 'no' },
        { bench: `${label}, ${what}`, metric: 'p50 / p99', value: `${ms(median(runs.svcRuns.map((r) => r.p50)))} / ${ms(median(runs.svcRuns.map((r) => r.p99)))}`, target: '', met: '' },
        { bench: `${label}, ${what}`, metric: 'errors', value: String(errors), target: '0', met: errors === 0 ? 'yes' : 'no' },
      );
    }
    return rows;
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
    fastify.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    temp.cleanup();
  }
}
