// Host benchmarks: createHost().start() until every service is ready, and a kill -9 of the mcp
// service until it answers again on the same port. Real services, temp data dirs, port 0.
// Run alone: node bench/host.bench.ts [--quick]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { configureLogging } from '../src/core/index.ts';
import { createForkLauncher, createHost, SERVICE_ENTRIES, type Host } from '../src/main/host/index.ts';
import { AppConfigSchema } from '../src/shared/index.ts';
import { makeTempDir } from '../tests/support/temp-dir.ts';
import { machine, percentile, table, type BenchRow } from './bench-utils.ts';

const BIN = fileURLToPath(new URL('../bin/persona-mcp.js', import.meta.url));
const sec = (x: number) => `${(x / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newHost(dataDir: string): Host {
  const config = AppConfigSchema.parse({ data_dir: dataDir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' } });
  return createHost({
    config, launcher: createForkLauncher(), log: () => {},
    baseEnv: { ...process.env, PERSONA_MCP_LOG_LEVEL: 'silent' },
  });
}

/** Polls the mcp health endpoint until it answers (or 30 s pass). */
async function healthy(port: number): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(10);
  }
  throw new Error('mcp service did not come back within 30 s');
}

/** `persona-mcp --server` spawned until its banner is printed, then SIGINT until it exits. */
async function cliRun(dataDir: string): Promise<{ banner: number; exit: number }> {
  const t0 = performance.now();
  const child = fork(BIN, ['--server', '--data-dir', dataDir, '--mcp-port', '0', '--api-port', '0', '--log-level', 'silent'], {
    stdio: ['ignore', 'pipe', 'ignore', 'ipc'], env: { ...process.env, PERSONA_MCP_LLM_PROVIDER: 'offline' },
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d);
      if (out.includes('MCP WebSocket:')) resolve();
    });
    void exited.then(() => reject(new Error('persona-mcp --server exited before its banner')));
  });
  const banner = performance.now() - t0;
  const t1 = performance.now();
  child.kill('SIGINT');
  await exited;
  return { banner, exit: performance.now() - t1 };
}

/** Start-to-ready and crash-to-online of the host; `quick` does fewer runs. */
export async function hostBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const runs = quick ? 3 : 7;
  const services = existsSync(SERVICE_ENTRIES.api) ? 'mcp + api' : 'mcp only (no api entry yet)';
  const starts: number[] = [];
  const stops: number[] = [];
  const recoveries: number[] = [];
  const cli: { banner: number; exit: number }[] = [];
  for (let i = 0; i < runs; i += 1) {
    const temp = makeTempDir('host-bench-');
    const host = newHost(temp.dir);
    try {
      const t0 = performance.now();
      const info = await host.start();
      starts.push(performance.now() - t0);
      // kill -9 of the mcp service → back online (answers on the same port).
      const before = host.status().find((s) => s.service === 'mcp')?.pid as number;
      const t1 = performance.now();
      process.kill(before, 'SIGKILL');
      // Back online = a new mcp process is serving health on the same port.
      while (!host.status().some((s) => s.service === 'mcp' && s.state === 'running' && s.pid !== before)) await sleep(5);
      await healthy(info.ports.mcp);
      recoveries.push(performance.now() - t1);
      const t2 = performance.now();
      await host.stop();
      stops.push(performance.now() - t2);
    } finally {
      await host.stop();
      temp.cleanup();
    }
  }
  for (let i = 0; i < (quick ? 1 : 3); i += 1) {
    const temp = makeTempDir('host-bench-cli-');
    try {
      cli.push(await cliRun(temp.dir));
    } finally {
      temp.cleanup();
    }
  }
  const load = loadavg()[0] ?? 0;
  const stat = (xs: number[]) => `p50 ${sec(percentile(xs, 50))}, max ${sec(Math.max(...xs))} (${xs.length} runs)`;
  const bench = `host, ${services}`;
  return [
    { bench, metric: 'start() → every service ready', value: stat(starts), target: '< 2 s', met: percentile(starts, 50) < 2000 ? 'yes' : 'no' },
    { bench, metric: 'kill -9 mcp → answering on the same port', value: stat(recoveries), target: '< 5 s', met: Math.max(...recoveries) < 5000 ? 'yes' : 'no' },
    { bench, metric: 'stop() → every child exited', value: stat(stops), target: '', met: '' },
    { bench: 'persona-mcp --server (process)', metric: 'spawn → banner printed', value: stat(cli.map((c) => c.banner)), target: '', met: '' },
    { bench: 'persona-mcp --server (process)', metric: 'SIGINT → exited', value: stat(cli.map((c) => c.exit)), target: '', met: '' },
    // Child start-up is CPU-bound (type stripping, module loading): read the figures against the load.
    { bench: 'host', metric: '1-min load average at the end', value: load.toFixed(2), target: '', met: '' },
  ];
}

// Run alone: `node bench/host.bench.ts [--quick]` prints the table.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  configureLogging({ level: 'silent' });
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  console.log(`host benchmarks — ${new Date().toISOString()} — ${machine()}${quick ? ' (quick)' : ''}`);
  console.log(table(await hostBenchmarks(quick)));
}
