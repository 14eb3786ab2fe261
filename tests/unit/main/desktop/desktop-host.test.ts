import { describe, expect, it } from 'vitest';
import { collectTrayState, displayNameOf, runTrayAction, type DesktopHost, type TrayActionDeps } from '../../../../src/main/desktop/index.ts';
import { AppError, type BotStatus, type ServiceStatus } from '../../../../src/shared/index.ts';

function status(persona_id: string, state: BotStatus['state']): BotStatus {
  return { persona_id, state, pid: null, started_at: null, uptime_ms: 0, restarts: 0, last_error: null, synced: false, autostart: false };
}

const SERVICES: ServiceStatus[] = [{ service: 'api', state: 'running', pid: 1, port: 8080, restarts: 0, started_at: null, last_error: null }];

function fakeHost(calls: string[], bots: BotStatus[] = [], listFails = false): DesktopHost {
  const record = (name: string) => async (id?: string) => {
    calls.push(id === undefined ? name : `${name}:${id}`);
    if (id === 'ghost') throw new AppError('BOT_NOT_CONFIGURED', 'ghost has no Matrix account');
    return status(id ?? 'x', 'running');
  };
  return {
    start: async () => ({ apiUrl: 'http://127.0.0.1:8080', mcpUrl: 'ws://127.0.0.1:8000/mcp' }),
    stop: async () => {},
    services: () => SERVICES,
    bots: {
      list: async () => {
        if (listFails) throw new Error('host busy');
        return bots;
      },
      start: record('start'),
      stop: record('stop'),
      restart: record('restart'),
      startAll: async () => (calls.push('startAll'), bots),
      stopAll: async () => (calls.push('stopAll'), bots),
      onStatus: () => () => {},
    },
    onChange: () => () => {},
  };
}

function deps(host: DesktopHost, calls: string[], login: boolean | null = false): TrayActionDeps {
  return {
    host,
    openDashboard: () => calls.push('open'),
    startOnLogin: () => login,
    setStartOnLogin: (v) => calls.push(`login:${v}`),
    quit: () => calls.push('quit'),
  };
}

describe('runTrayAction', () => {
  it('routes each action to the host or the shell', async () => {
    const calls: string[] = [];
    const d = deps(fakeHost(calls), calls);
    await runTrayAction({ kind: 'bot-start', personaId: 'aria' }, d);
    await runTrayAction({ kind: 'bot-stop', personaId: 'aria' }, d);
    await runTrayAction({ kind: 'bot-restart', personaId: 'kira' }, d);
    await runTrayAction({ kind: 'bots-start-all' }, d);
    await runTrayAction({ kind: 'bots-stop-all' }, d);
    await runTrayAction({ kind: 'open-dashboard' }, d);
    await runTrayAction({ kind: 'toggle-start-on-login' }, d);
    await runTrayAction({ kind: 'quit' }, d);
    expect(calls).toEqual(['start:aria', 'stop:aria', 'restart:kira', 'startAll', 'stopAll', 'open', 'login:true', 'quit']);
  });

  it('passes the host error through so the shell can show it', async () => {
    const calls: string[] = [];
    await expect(runTrayAction({ kind: 'bot-start', personaId: 'ghost' }, deps(fakeHost(calls), calls))).rejects.toMatchObject({ code: 'BOT_NOT_CONFIGURED' });
  });

  it('does not touch login items where the platform has none', async () => {
    const calls: string[] = [];
    await runTrayAction({ kind: 'toggle-start-on-login' }, deps(fakeHost(calls), calls, null));
    expect(calls).toEqual([]);
  });
});

describe('collectTrayState', () => {
  it('names bots from the given lookup, else from their id', async () => {
    const host = fakeHost([], [status('aria', 'running'), status('old-sage', 'stopped')]);
    const state = await collectTrayState(host, 'ready', { startOnLogin: null, now: 5, names: (id) => (id === 'aria' ? 'Aria the Bard' : undefined) });
    expect(state.bots.map((b) => b.name)).toEqual(['Aria the Bard', 'Old Sage']);
    expect(state.services).toEqual(SERVICES);
    expect(state.now).toBe(5);
  });

  it('shows no bots rather than failing when the listing fails or the host is not ready', async () => {
    expect((await collectTrayState(fakeHost([], [status('a', 'running')], true), 'ready', { startOnLogin: null })).bots).toEqual([]);
    expect((await collectTrayState(fakeHost([], [status('a', 'running')]), 'starting', { startOnLogin: null })).bots).toEqual([]);
  });

  it('displayNameOf title-cases slug words', () => {
    expect(displayNameOf('aria')).toBe('Aria');
    expect(displayNameOf('old-sage_2')).toBe('Old Sage 2');
  });
});
