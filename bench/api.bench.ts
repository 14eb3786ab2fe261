import { fork, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { ms, percentile, type BenchRow } from './bench-utils.ts';

const API_ENTRY = fileURLToPath(new URL('../src/services/api/entry.ts', import.meta.url));

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

/** The PersonaAPI in a child process: `GET /api/personas` at 100 concurrent keep-alive connections, beside a bare node:http server. */
export async function apiBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const clients = 100;
  const seconds = quick ? 1 : 5;
  const temp = makeTempDir();
  const api = fork(API_ENTRY, ['--data-dir', temp.dir, '--api-port', '0', '--log-level', 'silent'], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, PERSONA_MCP_LLM__PROVIDER: 'offline', PERSONA_MCP_LIMITS__MESSAGES_PER_SECOND: '0' },
  });
  const bare = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  try {
    const [apiPort, barePort] = await Promise.all([waitReady(api, 'api service'), waitReady(bare, 'bare server')]);
    const sample = await fetch(`http://127.0.0.1:${apiPort}/api/personas`).then((r) => r.text());
    bare.send({ body: sample });
    await load(apiPort, '/api/personas', clients, 0.3); // warm-up (JIT, SQLite page cache)
    const bareRes = await load(barePort, '/', clients, seconds);
    const apiRes = await load(apiPort, '/api/personas', clients, seconds);
    const share = apiRes.rps / bareRes.rps;
    const label = `${clients} keep-alive HTTP clients`;
    return [
      { bench: `${label}, bare node:http (ceiling)`, metric: 'throughput', value: `${Math.round(bareRes.rps)} req/s`, target: '', met: '' },
      { bench: `${label}, bare node:http (ceiling)`, metric: 'p50 / p99', value: `${ms(bareRes.p50)} / ${ms(bareRes.p99)}`, target: '', met: '' },
      { bench: `${label}, GET /api/personas`, metric: 'throughput', value: `${Math.round(apiRes.rps)} req/s (${(share * 100).toFixed(0)}% of bare)`, target: '', met: '' },
      { bench: `${label}, GET /api/personas`, metric: 'p50 / p99', value: `${ms(apiRes.p50)} / ${ms(apiRes.p99)}`, target: '', met: '' },
      { bench: `${label}, GET /api/personas`, metric: 'errors', value: String(apiRes.errors), target: '0', met: apiRes.errors === 0 ? 'yes' : 'no' },
    ];
  } finally {
    api.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    temp.cleanup();
  }
}
