import { describe, expect, it } from 'vitest';
import {
  buildTrayMenu, botStatusLine, formatUptime, serviceStatusLine, trayTooltip,
  type TrayBot, type TrayItem, type TrayState,
} from '../../../../src/main/desktop/index.ts';
import type { BotStatus, ServiceStatus } from '../../../../src/shared/index.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');

function bot(persona_id: string, name: string, patch: Partial<BotStatus> = {}): TrayBot {
  return {
    name,
    status: {
      persona_id, state: 'stopped', pid: null, started_at: null, uptime_ms: 0, restarts: 0,
      last_error: null, synced: false, autostart: false, ...patch,
    },
  };
}

function service(name: ServiceStatus['service'], patch: Partial<ServiceStatus> = {}): ServiceStatus {
  return { service: name, state: 'running', pid: 10, port: name === 'mcp' ? 8000 : 8080, restarts: 0, started_at: null, last_error: null, ...patch };
}

function state(patch: Partial<TrayState> = {}): TrayState {
  return { host: 'ready', services: [service('mcp'), service('api')], bots: [], startOnLogin: false, now: NOW, ...patch };
}

const byLabel = (items: TrayItem[], label: string) => items.find((i) => i.label === label);
const botMenu = (items: TrayItem[], name: string) => items.find((i) => i.type === 'submenu' && i.label?.startsWith(`${name} —`));
const controls = (item: TrayItem | undefined) => (item?.submenu ?? []).filter((i) => i.action).map((i) => i.label);

describe('formatUptime', () => {
  it('uses the largest sensible units', () => {
    expect(formatUptime(45_000)).toBe('45s');
    expect(formatUptime(12 * 60_000 + 5_000)).toBe('12m');
    expect(formatUptime(62 * 60_000)).toBe('1h 02m');
    expect(formatUptime((3 * 24 + 4) * 3_600_000)).toBe('3d 4h');
    expect(formatUptime(-5)).toBe('0s');
  });
});

describe('bot and service lines', () => {
  it('a running bot shows its uptime from started_at, and syncing until its first sync', () => {
    const running = bot('aria', 'Aria', { state: 'running', started_at: '2026-11-25T10:58:00.000Z', uptime_ms: 1, synced: true }).status;
    expect(botStatusLine(running, NOW)).toBe('running · 1h 02m');
    expect(botStatusLine({ ...running, synced: false }, NOW)).toBe('running · 1h 02m · syncing');
  });

  it('a failed bot says why, a retrying one too', () => {
    expect(botStatusLine(bot('a', 'A', { state: 'failed', last_error: 'M_UNKNOWN_TOKEN' }).status, NOW)).toBe('failed: M_UNKNOWN_TOKEN');
    expect(botStatusLine(bot('a', 'A', { state: 'backoff', last_error: 'exit 1' }).status, NOW)).toBe('retrying: exit 1');
    expect(botStatusLine(bot('a', 'A', { state: 'failed', last_error: 'x'.repeat(200) }).status, NOW).length).toBeLessThanOrEqual(68);
  });

  it('service lines name the port when running and the error when failed', () => {
    expect(serviceStatusLine(service('api'))).toBe('PersonaAPI: running on :8080');
    expect(serviceStatusLine(service('mcp', { state: 'failed', port: null, last_error: 'EADDRINUSE' }))).toBe('MCP: failed (EADDRINUSE)');
    expect(serviceStatusLine(service('mcp', { state: 'starting', port: null }))).toBe('MCP: starting');
  });
});

describe('buildTrayMenu', () => {
  it('offers Start for a stopped bot, Stop and Restart for a running one, Restart for a failed one', () => {
    const menu = buildTrayMenu(state({
      bots: [
        bot('aria', 'Aria'),
        bot('kira', 'Kira', { state: 'running', started_at: '2026-11-25T11:59:00.000Z' }),
        bot('zed', 'Zed', { state: 'failed', last_error: 'login failed' }),
        bot('bo', 'Bo', { state: 'backoff' }),
      ],
    }));
    expect(controls(botMenu(menu, 'Aria'))).toEqual(['Start']);
    expect(controls(botMenu(menu, 'Kira'))).toEqual(['Stop', 'Restart']);
    expect(controls(botMenu(menu, 'Zed'))).toEqual(['Restart']);
    expect(controls(botMenu(menu, 'Bo'))).toEqual(['Stop']);
    expect(botMenu(menu, 'Zed')?.label).toBe('Zed — failed: login failed');
    const restart = botMenu(menu, 'Zed')?.submenu?.find((i) => i.label === 'Restart');
    expect(restart?.action).toEqual({ kind: 'bot-restart', personaId: 'zed' });
    expect(restart?.enabled).toBe(true);
  });

  it('lists bots by name', () => {
    const menu = buildTrayMenu(state({ bots: [bot('z', 'Zoe'), bot('a', 'Ada'), bot('m', 'Mia')] }));
    expect(menu.filter((i) => i.type === 'submenu').map((i) => i.label?.split(' — ')[0])).toEqual(['Ada', 'Mia', 'Zoe']);
  });

  it('disables every control but Quit while the host is not ready', () => {
    for (const host of ['starting', 'stopping', 'failed'] as const) {
      const menu = buildTrayMenu(state({ host, startOnLogin: null, bots: [bot('aria', 'Aria'), bot('kira', 'Kira', { state: 'running' })] }));
      const enabledActions = [...menu, ...menu.flatMap((i) => i.submenu ?? [])].filter((i) => i.action && i.enabled).map((i) => i.action?.kind);
      expect(enabledActions).toEqual(['quit']);
    }
  });

  it('shows why the host failed', () => {
    const menu = buildTrayMenu(state({ host: 'failed', hostError: 'api did not become ready within 15000 ms' }));
    expect(menu.some((i) => i.label === 'Host failed: api did not become ready within 15000 ms')).toBe(true);
    expect(byLabel(menu, 'Open dashboard')?.enabled).toBe(false);
  });

  it('enables Start all only when some bot is not active and Stop all only when some is', () => {
    const allRunning = buildTrayMenu(state({ bots: [bot('a', 'A', { state: 'running' }), bot('b', 'B', { state: 'starting' })] }));
    expect(byLabel(allRunning, 'Start all bots')?.enabled).toBe(false);
    expect(byLabel(allRunning, 'Stop all bots')?.enabled).toBe(true);
    const noneRunning = buildTrayMenu(state({ bots: [bot('a', 'A'), bot('b', 'B', { state: 'failed' })] }));
    expect(byLabel(noneRunning, 'Start all bots')?.enabled).toBe(true);
    expect(byLabel(noneRunning, 'Stop all bots')?.enabled).toBe(false);
  });

  it('says when no bot is configured and offers no bulk controls', () => {
    const menu = buildTrayMenu(state());
    expect(byLabel(menu, 'No Matrix bots configured')?.enabled).toBe(false);
    expect(byLabel(menu, 'Start all bots')).toBeUndefined();
  });

  it('reflects the login item setting, disabled where the platform has none', () => {
    expect(byLabel(buildTrayMenu(state({ startOnLogin: true })), 'Start on login')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    expect(byLabel(buildTrayMenu(state({ startOnLogin: null })), 'Start on login')).toMatchObject({ checked: false, enabled: false });
  });

  it('shows one status line per service, and Open dashboard first and Quit last', () => {
    const menu = buildTrayMenu(state({ services: [service('mcp'), service('api', { state: 'backoff', port: null, last_error: 'exit 1' })] }));
    expect(menu.filter((i) => i.enabled === false && i.label?.includes(':')).map((i) => i.label)).toEqual(['MCP: running on :8000', 'PersonaAPI: retrying (exit 1)']);
    expect(menu[0]?.action).toEqual({ kind: 'open-dashboard' });
    expect(menu.at(-1)?.action).toEqual({ kind: 'quit' });
  });
});

describe('trayTooltip', () => {
  it('counts running bots when ready and names the phase otherwise', () => {
    expect(trayTooltip(state({ bots: [bot('a', 'A', { state: 'running' }), bot('b', 'B')] }))).toBe('Persona-MCP — 1/2 bots running');
    expect(trayTooltip(state({ host: 'starting' }))).toBe('Persona-MCP — Starting services…');
  });
});
