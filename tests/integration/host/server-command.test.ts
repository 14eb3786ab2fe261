// The --server command's exit codes, in-process with fixture services (real child processes):
// a service that never comes up → 1 with the reason; one that fails for good later → the rest is
// stopped and the code is 1; a stop signal → 0.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/main/cli/cli-args.ts';
import { runServer, type ServerIo } from '../../../src/main/cli/server-command.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { alive } from '../../support/processes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../support/children/${name}`, import.meta.url));
const temps: (() => void)[] = [];
afterEach(() => {
  for (const c of temps.splice(0)) c();
});

function io(extraEnv: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => {};
  const value: ServerIo = {
    env: { ...process.env, PERSONA_MCP_LOG_LEVEL: 'silent', ...extraEnv },
    out: (t) => out.push(t),
    err: (l) => err.push(l),
    onStopSignal: (s) => {
      stop = s;
    },
  };
  return { io: value, out, err, signal: () => stop() };
}
const args = (dir: string) => parseCliArgs(['--server', '--data-dir', dir, '--mcp-port', '0', '--api-port', '0', '--llm-provider', 'offline']);

describe('persona-mcp --server exit codes', () => {
  it('exits 1 and says why when a required service never comes up', async () => {
    const temp = makeTempDir('srv-cmd-');
    temps.push(temp.cleanup);
    const t = io({ FIXTURE_COUNTER: join(temp.dir, 'n') });
    const code = await runServer(args(temp.dir), t.io, {
      entries: { mcp: fixture('crash.ts'), api: fixture('ready-api.ts') }, policy: { backoffInitialMs: 20, maxCrashes: 3 },
    });
    expect(code).toBe(1);
    expect(t.out).toEqual([]);
    expect(t.err.join('\n')).toContain('the mcp service failed: exited with code 3 before it was ready: boom 3; gave up after 3 crashes within 60 s; stopping');
    expect(t.err).toContain('[mcp] boom 1');
  });

  it('stops everything and exits 1 when a service fails for good after start; exits 0 on a stop signal', async () => {
    const temp = makeTempDir('srv-cmd-');
    temps.push(temp.cleanup);
    const t = io();
    const running = runServer(args(temp.dir), t.io, {
      entries: { mcp: fixture('ready.ts'), api: fixture('ready-api.ts') }, policy: { backoffInitialMs: 20, maxCrashes: 2 },
    });
    const ports = async () => {
      for (let i = 0; i < 400 && !t.out.length; i += 1) await new Promise((r) => setTimeout(r, 25));
      const banner = t.out.join('');
      return { mcp: Number(/ws:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(banner)?.[1]), api: Number(/Dashboard:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1]) };
    };
    const { mcp, api } = await ports();
    const pidOf = async (port: number) => ((await fetch(`http://127.0.0.1:${port}/env`).then((r) => r.json())) as { pid: number }).pid;
    const apiPid = await pidOf(api);
    // Two crashes within the window: the first is restarted (same port), the second gives up.
    process.kill(await pidOf(mcp), 'SIGKILL');
    let second = 0;
    for (let i = 0; i < 400 && !second; i += 1) {
      second = await pidOf(mcp).catch(() => 0);
      await new Promise((r) => setTimeout(r, 25));
    }
    process.kill(second, 'SIGKILL');
    expect(await running).toBe(1);
    expect(t.err.join('\n')).toContain('the mcp service failed: was killed by SIGKILL; gave up after 2 crashes within 60 s; stopping');
    expect(alive(apiPid)).toBe(false);

    const again = io();
    const next = runServer(args(temp.dir), again.io, { entries: { mcp: fixture('ready.ts'), api: fixture('ready-api.ts') } });
    for (let i = 0; i < 400 && !again.out.length; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(again.out.join('')).toContain('MCP WebSocket:');
    again.signal();
    expect(await next).toBe(0);
  });
});
