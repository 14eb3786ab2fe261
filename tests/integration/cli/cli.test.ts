import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.ts';
import { closedPort } from '../../support/scripted-llm-server.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const temp = makeTempDir();
afterAll(() => temp.cleanup());
const cli = (...args: string[]) => run(process.execPath, [BIN, ...args, '--data-dir', temp.dir], { timeout: 20_000 });

describe('the persona-mcp command', () => {
  it('--version and --help', async () => {
    expect((await run(process.execPath, [BIN, '--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = (await run(process.execPath, [BIN, '--help'])).stdout;
    for (const flag of ['--data-dir', '--host', '--mcp-port', '--api-port', '--config', '--set', 'serve mcp', 'mcp --stdio', 'PERSONA_MCP_']) expect(help).toContain(flag);
  });

  it('call runs an operation on the data dir; a bad call exits 1 with the typed error', async () => {
    const list = JSON.parse((await cli('call', 'persona.list')).stdout);
    expect(list.personas.map((p: { name: string }) => p.name)).toEqual(['Aria', 'Kira']);
    const err = await cli('call', 'persona.get', '{"persona_id":"ghost"}').catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect(JSON.parse((err as { stderr: string }).stderr.split('\n').filter((l) => !l.startsWith('{"level"')).join('\n')).error.code).toBe('PERSONA_NOT_FOUND');
  });

  it('bad configuration fails fast and names the key', async () => {
    const err = (await run(process.execPath, [BIN, 'config', '--mcp-port', 'abc'], { timeout: 20_000 }).catch((e) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('config key server.mcp_port');
  });

  it('serve mcp starts the MCP service alone and stops cleanly on SIGTERM', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [BIN, 'serve', 'mcp', '--data-dir', temp.dir, '--mcp-port', String(port)], { stdio: 'pipe' });
    try {
      let health: { status?: string } = {};
      for (let i = 0; i < 50 && health.status !== 'healthy'; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        health = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.json() as Promise<{ status: string }>, () => ({}));
      }
      expect(health).toMatchObject({ status: 'healthy', server: 'persona-mcp' });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
