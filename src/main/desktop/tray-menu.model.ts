// The tray menu as plain data, built from the supervisor's state (no electron here): the desktop
// shell turns it into an Electron Menu and maps each item's action back to a host call.
import type { BotStatus, ChildState, ServiceStatus } from '../../shared/index.ts';

/** What a tray item does when clicked. */
export type TrayAction =
  | { kind: 'open-dashboard' }
  | { kind: 'bot-start'; personaId: string }
  | { kind: 'bot-stop'; personaId: string }
  | { kind: 'bot-restart'; personaId: string }
  | { kind: 'bots-start-all' }
  | { kind: 'bots-stop-all' }
  | { kind: 'toggle-start-on-login' }
  | { kind: 'quit' };

/** One menu item as plain data (mirrors Electron's MenuItemConstructorOptions subset we use). */
export interface TrayItem {
  type: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: TrayItem[];
  action?: TrayAction;
}

/** Where the host is in its own lifecycle. */
export type HostPhase = 'starting' | 'ready' | 'stopping' | 'failed';

/** A bot as the tray shows it: its status and the persona's display name. */
export interface TrayBot {
  name: string;
  status: BotStatus;
}

/** Everything the menu depends on. */
export interface TrayState {
  host: HostPhase;
  /** Why the host failed, shown when `host` is 'failed'. */
  hostError?: string | null;
  services: ServiceStatus[];
  bots: TrayBot[];
  /** Null when the platform has no login items (most Linux desktops). */
  startOnLogin: boolean | null;
  /** Milliseconds since the epoch, for uptimes. */
  now: number;
}

const STATE_LABEL: Record<ChildState, string> = {
  stopped: 'stopped',
  starting: 'starting',
  waiting: 'waiting',
  running: 'running',
  backoff: 'retrying',
  failed: 'failed',
};

const SERVICE_LABEL: Record<ServiceStatus['service'], string> = { mcp: 'MCP', api: 'PersonaAPI', bot: 'Bot' };

/** A compact duration: `45s`, `12m`, `1h 02m`, `3d 4h`. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Uptime of a running child from its start time (falls back to the reported uptime). */
function uptimeOf(startedAt: string | null, reportedMs: number, now: number): number {
  const started = startedAt === null ? Number.NaN : Date.parse(startedAt);
  return Number.isFinite(started) ? now - started : reportedMs;
}

function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The one-line status of a bot, e.g. `running · 1h 02m` or `failed: token rejected`. */
export function botStatusLine(status: BotStatus, now: number): string {
  const label = STATE_LABEL[status.state];
  if (status.state === 'running') {
    const up = formatUptime(uptimeOf(status.started_at, status.uptime_ms, now));
    return `${label} · ${up}${status.synced ? '' : ' · syncing'}`;
  }
  if ((status.state === 'failed' || status.state === 'backoff' || status.state === 'waiting') && status.last_error) {
    return `${label}: ${truncate(status.last_error)}`;
  }
  return label;
}

/** The one-line status of a service, e.g. `PersonaAPI: running on :8080`. */
export function serviceStatusLine(status: ServiceStatus): string {
  const name = SERVICE_LABEL[status.service];
  const state = STATE_LABEL[status.state];
  if (status.state === 'running' && status.port !== null) return `${name}: ${state} on :${status.port}`;
  if (status.last_error && (status.state === 'failed' || status.state === 'backoff')) return `${name}: ${state} (${truncate(status.last_error, 40)})`;
  return `${name}: ${state}`;
}

const ACTIVE: ReadonlySet<ChildState> = new Set(['running', 'starting', 'waiting', 'backoff']);

/** The controls of one bot: a failed bot offers Restart; a running one Stop and Restart. */
function botControls(bot: TrayBot, ready: boolean): TrayItem[] {
  const personaId = bot.status.persona_id;
  switch (bot.status.state) {
    case 'running':
      return [
        { type: 'normal', label: 'Stop', enabled: ready, action: { kind: 'bot-stop', personaId } },
        { type: 'normal', label: 'Restart', enabled: ready, action: { kind: 'bot-restart', personaId } },
      ];
    case 'starting':
    case 'waiting':
    case 'backoff':
      return [{ type: 'normal', label: 'Stop', enabled: ready, action: { kind: 'bot-stop', personaId } }];
    case 'failed':
      return [{ type: 'normal', label: 'Restart', enabled: ready, action: { kind: 'bot-restart', personaId } }];
    case 'stopped':
      return [{ type: 'normal', label: 'Start', enabled: ready, action: { kind: 'bot-start', personaId } }];
  }
}

function hostLine(state: TrayState): string {
  switch (state.host) {
    case 'starting':
      return 'Starting services…';
    case 'stopping':
      return 'Stopping…';
    case 'failed':
      return `Host failed${state.hostError ? `: ${truncate(state.hostError, 50)}` : ''}`;
    case 'ready':
      return 'Persona-MCP is running';
  }
}

/**
 * Builds the tray menu: dashboard, service status lines, one submenu per persona bot with its
 * status and controls, start/stop all, start on login, quit. Every control except Quit is
 * disabled while the host is not ready.
 */
export function buildTrayMenu(state: TrayState): TrayItem[] {
  const ready = state.host === 'ready';
  const items: TrayItem[] = [
    { type: 'normal', label: 'Open dashboard', enabled: ready, action: { kind: 'open-dashboard' } },
    { type: 'separator' },
    { type: 'normal', label: hostLine(state), enabled: false },
    ...state.services.map((s): TrayItem => ({ type: 'normal', label: serviceStatusLine(s), enabled: false })),
    { type: 'separator' },
  ];
  const bots = [...state.bots].sort((a, b) => a.name.localeCompare(b.name));
  if (bots.length === 0) {
    items.push({ type: 'normal', label: 'No Matrix bots configured', enabled: false });
  } else {
    items.push({ type: 'normal', label: 'Matrix bots', enabled: false });
    for (const bot of bots) {
      items.push({
        type: 'submenu',
        label: `${bot.name} — ${botStatusLine(bot.status, state.now)}`,
        enabled: true,
        submenu: [{ type: 'normal', label: botStatusLine(bot.status, state.now), enabled: false }, { type: 'separator' }, ...botControls(bot, ready)],
      });
    }
    const anyStartable = bots.some((b) => !ACTIVE.has(b.status.state));
    const anyActive = bots.some((b) => ACTIVE.has(b.status.state));
    items.push(
      { type: 'normal', label: 'Start all bots', enabled: ready && anyStartable, action: { kind: 'bots-start-all' } },
      { type: 'normal', label: 'Stop all bots', enabled: ready && anyActive, action: { kind: 'bots-stop-all' } },
    );
  }
  items.push(
    { type: 'separator' },
    {
      type: 'checkbox',
      label: 'Start on login',
      enabled: state.startOnLogin !== null,
      checked: state.startOnLogin === true,
      action: { kind: 'toggle-start-on-login' },
    },
    { type: 'separator' },
    { type: 'normal', label: 'Quit Persona-MCP', enabled: true, action: { kind: 'quit' } },
  );
  return items;
}

/** The tray tooltip: the app name and how many bots run. */
export function trayTooltip(state: TrayState): string {
  if (state.host !== 'ready') return `Persona-MCP — ${hostLine(state)}`;
  const running = state.bots.filter((b) => b.status.state === 'running').length;
  return `Persona-MCP — ${running}/${state.bots.length} bots running`;
}
