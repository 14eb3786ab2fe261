import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, BotConfigSchema, type BotConfig, type BotStatus } from '../../../../src/shared/index.ts';
import type { ChildHandle, LaunchSpec, Launcher } from '../../../../src/main/host/index.ts';
import { botLogFile, createBotSupervisor, formatLogLine, openBotLogFile } from '../../../../src/main/bots/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// The supervisor with a scripted launcher: each launched "bot" is a handle the test drives
// (ready, bot-progress, output, crash), so restart and status rules are checked without processes.
interface FakeChild extends ChildHandle {
  spec: LaunchSpec;
  emit(message: unknown): void;
  exit(code: number | null, signal?: NodeJS.Signals | null): void;
  out: PassThrough;
  killed: NodeJS.Signals[];
  sent: unknown[];
}

function fakeLauncher(behaviour: (child: FakeChild) => void = (c) => queueMicrotask(() => c.emit({ type: 'ready', service: 'bot', persona_id: PID }))) {
  const children: FakeChild[] = [];
  let pid = 1000;
  const launcher: Launcher = {
    launch(spec) {
      const messageListeners = new Set<(m: unknown) => void>();
      const exitListeners: ((c: number | null, s: NodeJS.Signals | null) => void)[] = [];
      let exited = false;
      const out = new PassThrough();
      const child: FakeChild = {
        spec, out, killed: [], sent: [], pid: ++pid, stdout: null, stderr: out,
        send(m) { child.sent.push(m); return !exited; },
        onMessage(l) { messageListeners.add(l); return () => messageListeners.delete(l); },
        onExit(l) { exitListeners.push(l); },
        kill(signal = 'SIGTERM') {
          child.killed.push(signal);
          queueMicrotask(() => child.exit(null, signal));
        },
        emit(m) { for (const l of [...messageListeners]) l(m); },
        exit(code, signal = null) {
          if (exited) return;
          exited = true;
          out.end();
          for (const l of exitListeners) l(code, signal);
        },
      };
      children.push(child);
      behaviour(child);
      return child;
    },
  };
  return { launcher, children };
}

const PID = '00000000-0000-4000-8000-0000000000a1';
const cfg = (over: Partial<BotConfig> = {}): BotConfig => BotConfigSchema.parse({
  persona_id: PID, homeserver_url: 'http://hs', user_id: '@aria:x', has_access_token: true, has_password: false, autostart: true, ...over,
});

const temps: (() => void)[] = [];
afterEach(() => { while (temps.length) temps.pop()?.(); });

function setup(configs: BotConfig[], behaviour?: (c: FakeChild) => void, policy = {}) {
  const temp = makeTempDir();
  temps.push(temp.cleanup);
  const { launcher, children } = fakeLauncher(behaviour);
  const statuses: BotStatus[] = [];
  const sup = createBotSupervisor({
    launcher, dataDir: temp.dir, mcpUrl: 'ws://127.0.0.1:1/mcp', mcpToken: 'tok', secretKey: 'a2V5', entry: '/x/entry.ts',
    env: { FOO: '1' }, listConfigs: async () => configs, log: () => undefined,
    policy: { backoffInitialMs: 5, backoffMaxMs: 20, maxCrashes: 3, crashWindowMs: 10_000, stopGraceMs: 100, ...policy },
    rotation: { maxBytes: 400, keep: 2 },
  });
  sup.onStatus((s) => statuses.push(s));
  return { sup, children, statuses, dataDir: temp.dir };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('bot supervisor', () => {
  it('starts a bot with its args and env, and reports running then synced', async () => {
    const other = cfg({ persona_id: '00000000-0000-4000-8000-0000000000b2', user_id: '@kira:x' });
    const s = setup([cfg(), other]);
    const status = await s.sup.start(PID);
    expect(status).toMatchObject({ persona_id: PID, state: 'running', synced: false, restarts: 0, autostart: true });
    const spec = s.children[0]?.spec as LaunchSpec;
    expect(spec.args).toEqual(['--data-dir', s.dataDir, '--persona-id', PID, '--mcp-url', 'ws://127.0.0.1:1/mcp', '--known-bots', '@kira:x']);
    expect(spec.env).toMatchObject({ FOO: '1', PERSONA_MCP_MCP_TOKEN: 'tok', PERSONA_MCP_SECRET_KEY: 'a2V5', PERSONA_MCP_DATA_DIR: s.dataDir });
    s.children[0]?.emit({ type: 'bot-progress', persona_id: PID, synced: true });
    expect((await s.sup.status(PID)).synced).toBe(true);
    expect(s.statuses.at(-1)?.synced).toBe(true);
  });

  it('restarts a crashed bot with backoff and clears synced until it syncs again', async () => {
    const s = setup([cfg()]);
    await s.sup.start(PID);
    s.children[0]?.emit({ type: 'bot-progress', persona_id: PID, synced: true });
    s.children[0]?.exit(null, 'SIGKILL');
    expect((await s.sup.status(PID)).synced).toBe(false);
    await until(() => s.children.length === 2);
    await until(() => s.statuses.at(-1)?.state === 'running');
    expect(await s.sup.status(PID)).toMatchObject({ state: 'running', restarts: 1, synced: false });
  });

  it('gives up after maxCrashes in the window and says why', async () => {
    const s = setup([cfg()], (c) => queueMicrotask(() => {
      c.out.write('boom: cannot log in\n');
      setTimeout(() => c.exit(1), 5);
    }));
    await s.sup.start(PID);
    const status = await s.sup.status(PID);
    expect(status.state).toBe('failed');
    expect(status.last_error).toMatch(/gave up after 3 crashes/);
    expect(s.children).toHaveLength(3);
    const logs = await s.sup.logs(PID, 100);
    expect(logs.some((l) => l.stream === 'stderr' && l.line === 'boom: cannot log in')).toBe(true);
    expect(logs.at(-1)).toMatchObject({ stream: 'supervisor', line: expect.stringContaining('failed') });
  });

  it('stops with shutdown + SIGTERM and starts only autostart bots on launch', async () => {
    const manual = cfg({ persona_id: '00000000-0000-4000-8000-0000000000c3', user_id: '@c:x', autostart: false });
    const s = setup([cfg(), manual]);
    await s.sup.startOnLaunch();
    expect(s.children.map((c) => c.spec.name)).toEqual([`bot:${PID}`]);
    const stopped = await s.sup.stop(PID);
    expect(stopped.state).toBe('stopped');
    expect(s.children[0]?.sent).toContainEqual({ type: 'shutdown' });
    expect(s.children[0]?.killed).toEqual(['SIGTERM']);
    expect((await s.sup.list()).map((x) => x.state)).toEqual(['stopped', 'stopped']);
  });

  it('rejects unknown bots with BOT_NOT_CONFIGURED and disabled ones with CONFLICT', async () => {
    const s = setup([cfg({ enabled: false })]);
    await expect(s.sup.start('00000000-0000-4000-8000-0000000000ff')).rejects.toMatchObject({ code: 'BOT_NOT_CONFIGURED' });
    await expect(s.sup.start(PID)).rejects.toBeInstanceOf(AppError);
    await expect(s.sup.start(PID)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s.sup.logs('00000000-0000-4000-8000-0000000000ff', 5)).rejects.toMatchObject({ code: 'BOT_NOT_CONFIGURED' });
  });

  it('stopForDelete stops the bot for good: no restart, no list entry, no start while the delete runs', async () => {
    const configs = [cfg()];
    const s = setup(configs);
    await s.sup.start(PID);
    expect(await s.sup.stopForDelete(PID)).toEqual({ persona_id: PID, stopped: true });
    expect(s.children[0]?.killed).toEqual(['SIGTERM']);
    expect(s.statuses.at(-1)).toMatchObject({ persona_id: PID, state: 'stopped', pid: null });
    await expect(s.sup.start(PID)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'deleting' } });
    configs.length = 0;
    expect(await s.sup.list()).toEqual([]);
    expect(s.children).toHaveLength(1);
    // Nothing runs for an unknown persona or one whose bot is already gone: nothing to stop, no error.
    expect(await s.sup.stopForDelete(PID)).toEqual({ persona_id: PID, stopped: false });
    expect(await s.sup.stopForDelete('00000000-0000-4000-8000-0000000000ff')).toMatchObject({ stopped: false });
  });

  it('keeps listing a live bot whose configuration went away, until it is stopped', async () => {
    const configs = [cfg()];
    const s = setup(configs);
    await s.sup.start(PID);
    configs.length = 0;
    expect(await s.sup.list()).toMatchObject([{ persona_id: PID, state: 'running' }]);
    await s.sup.stopAll();
    expect(await s.sup.list()).toEqual([]);
  });
});

describe('bot log files', () => {
  it('rotate at the size cap, keep N files and read the tail across them', () => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    const file = botLogFile(temp.dir, PID);
    const log = openBotLogFile(file, { maxBytes: 300, keep: 2 });
    for (let i = 0; i < 20; i += 1) log.append({ persona_id: PID, at: '2026-11-25T10:00:00.000Z', stream: 'stdout', line: `line ${i}` });
    const tail = log.tail(100);
    expect(tail.at(-1)?.line).toBe('line 19');
    expect(tail.length).toBeLessThan(20);
    expect(tail.map((l) => Number(l.line.slice(5)))).toEqual([...Array(tail.length).keys()].map((k) => 20 - tail.length + k));
    expect(log.tail(3).map((l) => l.line)).toEqual(['line 17', 'line 18', 'line 19']);
  });
});

describe('log lines', () => {
  it('shows pino JSON as readable text and leaves other text alone', () => {
    expect(formatLogLine('{"level":40,"time":1,"proc":"bot:x","module":"bot.matrix","room_id":"!r:x","err":{"message":"boom"},"msg":"reply failed"}'))
      .toBe('warn [bot.matrix] reply failed room_id=!r:x error="boom"');
    expect(formatLogLine('persona-mcp bot: cannot log in')).toBe('persona-mcp bot: cannot log in');
    expect(formatLogLine('{not json')).toBe('{not json');
  });
});
