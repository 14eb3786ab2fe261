// `persona-mcp serve api` through the real CLI: the service forks, reports its URL on stderr,
// serves the API on a free port, and stops cleanly on SIGTERM.
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../../src/services/api/entry.ts', import.meta.url));
const temp = makeTempDir('persona-cli-api-');
afterAll(() => temp.cleanup());

describe('persona-mcp serve api', () => {
  it('serves the PersonaAPI alone and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', 'api', '--data-dir', temp.dir, '--api-port', '0', '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PERSONA_MCP_LLM__PROVIDER: 'offline' },
    });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${stderr}`)), 20_000);
        child.stderr.on('data', () => {
          const m = /listening on (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
      });
      const health = (await (await fetch(`${url}api/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', services: { api: { status: 'ok' } } });
      const personas = (await (await fetch(`${url}api/personas`)).json()) as { personas: { name: string }[] };
      expect(personas.personas.map((p: { name: string }) => p.name)).toEqual(['Aria', 'Kira']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('the api entry under fork', () => {
  it('sends {type:"ready", service:"api", port}; with PERSONA_MCP_STANDALONE=1 bot routes say the host is missing', async () => {
    const child = fork(ENTRY, ['--data-dir', temp.dir, '--api-port', '0', '--log-level', 'silent'], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, PERSONA_MCP_STANDALONE: '1', PERSONA_MCP_LLM__PROVIDER: 'offline' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ready = await new Promise<{ type: string; service: string; port: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no ready message')), 20_000);
        child.on('message', (m: { type?: string }) => {
          if (m.type === 'ready') {
            clearTimeout(timer);
            resolve(m as { type: string; service: string; port: number });
          }
        });
      });
      expect(ready).toMatchObject({ type: 'ready', service: 'api' });
      const bots = await fetch(`http://127.0.0.1:${ready.port}/api/bots`);
      expect(bots.status).toBe(503);
      expect(((await bots.json()) as { error: { code: string } }).error.code).toBe('HOST_NOT_ATTACHED');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
