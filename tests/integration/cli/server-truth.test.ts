// One truth for operators, with real processes: a `call` that saves a run-time setting reaches the
// running `--server` (its dashboard routes included) and says so; `config` shows that server's values
// with the source of each; a second `--server` on the same ports fails at once in one line.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../support/scripted-llm-server.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/processes.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const temp = makeTempDir('persona-mcp-truth-');
const env = { ...process.env, PERSONA_MCP_LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => run(process.execPath, [BIN, ...args, '--data-dir', temp.dir], { timeout: 20_000, env });
const bannerValue = (out: string, label: string) => new RegExp(`^\\s+${label}:\\s+(\\S+)`, 'm').exec(out)?.[1];

let server: { proc: ChildProcessWithoutNullStreams; out: string; err: string; exit: Promise<number | null> };
let api = '';
let ports = { mcp: 0, api: 0 };

beforeAll(async () => {
  // The LLM is an Ollama that does not answer (a closed loopback port): the server starts on it.
  const llmUrl = `http://127.0.0.1:${await closedPort()}`;
  const proc = spawn(process.execPath, [BIN, '--server', '--data-dir', temp.dir, '--mcp-port', '0', '--api-port', '0', '--llm-url', llmUrl], { env });
  server = { proc, out: '', err: '', exit: new Promise((r) => proc.on('exit', (code) => r(code))) };
  proc.stdout.on('data', (d: Buffer) => (server.out += String(d)));
  proc.stderr.on('data', (d: Buffer) => (server.err += String(d)));
  await until(() => server.out.includes('Dashboard:'), 30_000).catch(() => {
    throw new Error(`no banner; stderr:\n${server.err.slice(-2000)}`);
  });
  api = (bannerValue(server.out, 'Dashboard') as string).replace(/\/$/, '');
  ports = { mcp: Number(new URL(bannerValue(server.out, 'MCP HTTP') as string).port), api: Number(new URL(api).port) };
});

afterAll(async () => {
  if (server.proc.exitCode === null) {
    server.proc.kill('SIGTERM');
    await server.exit;
  }
  temp.cleanup();
});

describe('run-time settings and the running server', () => {
  it('a call that saves the LLM setting says it reaches the server, and the server\'s own routes show it within a second or two', async () => {
    const llm = async () => ((await fetch(`${api}/api/settings/llm`).then((r) => r.json())) as { llm: { provider: string } }).llm.provider;
    const health = async () => ((await fetch(`${api}/api/health`).then((r) => r.json())) as { llm: { provider: string } }).llm.provider;
    expect(await llm()).toBe('ollama');

    const { stdout, stderr } = await cli('call', 'system.configure_llm', '{"provider":"offline"}');
    expect(JSON.parse(stdout)).toMatchObject({ applied: true, llm: { provider: 'offline' } });
    expect(stderr).toContain(`the server running on it (pid ${server.proc.pid}, ${api})`);

    // Only these two non-operation routes are polled: they must take the consistency step themselves.
    await until(async () => (await llm()) === 'offline' && (await health()) === 'offline', 4000, 100).catch(async () => {
      throw new Error(`the server still says ${await llm()} / ${await health()}`);
    });
  });

  it('config shows the running server\'s values, run-time settings included, and where each came from', async () => {
    // This command's own flag does not describe the server; the report says whose values it shows.
    const report = JSON.parse((await cli('config', '--llm-model', 'not-the-servers')).stdout) as {
      of: string; server: { pid: number; urls: { api: string } } | null; config: { llm: { provider: string; model: string } }; sources: Record<string, string>;
    };
    expect(report.server).toMatchObject({ pid: server.proc.pid, urls: { api } });
    expect(report.of).toContain(`pid ${server.proc.pid}`);
    expect(report.config.llm).toMatchObject({ provider: 'offline', model: 'llama3.1:8b' });
    expect(report.sources['llm.provider']).toMatch(/^run-time setting saved at \d{4}-\d\d-\d\dT/);
    expect(report.sources.data_dir).toBe('flag --data-dir');
    expect(report.sources['server.mcp_port']).toBe('flag --mcp-port');
    expect(report.sources['server.host']).toBe('default');
    expect(report.sources['log.level']).toBe('env PERSONA_MCP_LOG_LEVEL');
  });

  it('a second --server on the same ports exits 1 at once with one line naming the port and the flag', async () => {
    const other = makeTempDir('persona-mcp-second-');
    try {
      const started = Date.now();
      const second = await run(process.execPath, [BIN, '--server', '--data-dir', other.dir, '--mcp-port', String(ports.mcp), '--api-port', String(ports.api)], { timeout: 20_000, env })
        .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
      const elapsed = Date.now() - started;
      expect(second.code).toBe(1);
      const lines = second.stderr.split('\n').filter(Boolean);
      expect(lines).toEqual([
        `persona-mcp --server could not start: MCP port ${ports.mcp} on 127.0.0.1 is already in use (another persona-mcp server?); choose another with --mcp-port <port> (0 = any free port) or set server.mcp_port`,
      ]);
      // Node's start-up on a shared machine, not the five restarts (~6-15 s) of before.
      expect(elapsed).toBeLessThan(4000);
    } finally {
      other.cleanup();
    }
  });

  it('once the server stopped, its record is gone and a call says the next start uses the setting', async () => {
    server.proc.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(existsSync(join(temp.dir, 'server.json'))).toBe(false);
    const { stderr } = await cli('call', 'system.configure_llm', '{"model":"m2"}');
    expect(stderr).toContain(`no server is running on it: \`persona-mcp --server --data-dir ${temp.dir}\` will use it`);
    const report = JSON.parse((await cli('config')).stdout) as { server: unknown; config: { llm: { model: string } } };
    expect(report.server).toBeNull();
    expect(report.config.llm.model).toBe('m2');
  });
});
