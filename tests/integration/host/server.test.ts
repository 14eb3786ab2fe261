// `persona-mcp --server` as a real process: banner, MCP over WebSocket and REST, crash recovery on
// the same port with a reconnecting client, clean Ctrl-C exit with no child left, token beyond loopback.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPersonaClient, type ClientState, type PersonaClient } from '../../../src/core/client/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { alive, childrenOf, until } from '../../support/processes.ts';

const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const temp = makeTempDir('host-server-');
afterAll(() => temp.cleanup());

/** Value of a `  Label:   value` banner line. */
const bannerValue = (out: string, label: string) => new RegExp(`^\\s+${label}:\\s+(\\S+)`, 'm').exec(out)?.[1];

function startServer(args: string[]): { proc: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exit: Promise<number | null> } {
  const proc = spawn(process.execPath, [BIN, '--server', '--data-dir', temp.dir, '--mcp-port', '0', '--api-port', '0', ...args], {
    env: { ...process.env, PERSONA_MCP_LLM_PROVIDER: 'offline' },
    // Its own process group, so the test can Ctrl-C it like a terminal does (signal to the group).
    detached: true,
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += String(d)));
  proc.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, out: () => out, err: () => err, exit };
}

describe('persona-mcp --server', () => {
  it('prints where everything is, serves MCP, survives kill -9 of the mcp service on the same port, and exits 0 on SIGINT', async () => {
    const server = startServer([]);
    let client: PersonaClient | null = null;
    try {
      const out = await until(() => server.out().includes('MCP WebSocket:') && server.out(), 30_000).catch(() => {
        throw new Error(`no banner; stderr:\n${server.err().slice(-2000)}`);
      });
      const wsUrl = bannerValue(out, 'MCP WebSocket') as string;
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mcp$/);
      expect(Number(new URL(wsUrl).port)).toBeGreaterThan(0);
      expect(bannerValue(out, 'MCP HTTP')).toBe(wsUrl.replace('ws://', 'http://'));
      expect(bannerValue(out, 'Data dir')).toBe(temp.dir);
      expect(bannerValue(out, 'LLM')).toBe('offline');
      expect(out).not.toContain('Access token');

      const children = childrenOf(server.proc.pid as number);
      expect(children).toHaveLength(2);

      const states: ClientState[] = [];
      client = createPersonaClient({ url: wsUrl, reconnect: { initialMs: 50, maxMs: 500 } });
      client.on('state', (s) => states.push(s));
      await client.connect();
      const names = async (c: PersonaClient) => (await c.call<{ personas: { name: string }[] }>('persona.list')).personas.map((p) => p.name);
      expect(await names(client)).toEqual(['Aria', 'Kira']);

      const api = bannerValue(out, 'Dashboard') as string;
      expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(bannerValue(out, 'API docs')).toBe(`${api}docs`);
      const personas = (await fetch(new URL('/api/personas', api)).then((r) => r.json())) as { personas: { name: string }[] };
      expect(personas.personas.map((p) => p.name)).toEqual(['Aria', 'Kira']);
      expect((await fetch(api)).status).toBe(200);
      expect((await fetch(`${api}docs`)).status).toBeLessThan(400);

      // kill -9 of the mcp service: the host restarts it on the same port and the client reconnects by itself.
      const mcpPid = await until(async () => {
        for (const pid of childrenOf(server.proc.pid as number)) {
          const cmd = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
          if (cmd.includes('services/mcp/entry.ts')) return pid;
        }
        return null;
      });
      process.kill(mcpPid, 'SIGKILL');
      await until(() => states.includes('reconnecting'));
      expect(await names(client)).toEqual(['Aria', 'Kira']);
      expect(states.at(-1)).toBe('open');
      const after = childrenOf(server.proc.pid as number);
      expect(after).not.toContain(mcpPid);
      expect(after).toHaveLength(2);
      expect(alive(mcpPid)).toBe(false);

      await client.close();
      client = null;
      process.kill(-(server.proc.pid as number), 'SIGINT');
      expect(await server.exit).toBe(0);
      expect(server.err()).not.toMatch(/crashed; restarting/);
      for (const pid of [...children, ...after]) expect(alive(pid)).toBe(false);
    } finally {
      await client?.close();
      if (server.proc.exitCode === null) {
        server.proc.kill('SIGKILL');
        for (const pid of childrenOf(server.proc.pid as number)) process.kill(pid, 'SIGKILL');
      }
    }
  });

  it('bound beyond loopback, prints the access token and the MCP service requires it', async () => {
    const server = startServer(['--host', '0.0.0.0']);
    try {
      const out = await until(() => server.out().includes('MCP WebSocket:') && server.out(), 30_000);
      const token = bannerValue(out, 'Access token') as string;
      expect(token).toMatch(/^pm_/);
      const url = bannerValue(out, 'MCP WebSocket') as string;
      const anonymous = createPersonaClient({ url, reconnect: { enabled: false } });
      await expect(anonymous.connect()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const client = createPersonaClient({ url, token, reconnect: { enabled: false } });
      await client.connect();
      expect((await client.call<{ personas: unknown[] }>('persona.list')).personas).toHaveLength(2);
      await client.close();
    } finally {
      server.proc.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
  });

  it('when the host itself is killed with -9, its services stop too instead of holding the ports', async () => {
    const server = startServer([]);
    await until(() => server.out().includes('MCP WebSocket:') && server.out(), 30_000);
    const children = await until(() => {
      const pids = childrenOf(server.proc.pid as number);
      return pids.length >= 2 && pids;
    });
    process.kill(server.proc.pid as number, 'SIGKILL');
    await server.exit;
    await until(() => children.every((pid) => !alive(pid)), 15_000);
  });
});
