// What the desktop shell needs from the host (src/main/host), as one narrow interface: the
// Electron binding adapts the host factory to it, and everything here is testable with a fake.
import type { BotStatus, ServiceStatus } from '../../shared/index.ts';
import type { BotController } from '../host/bot-controller.ts';
import type { HostPhase, TrayAction, TrayState } from './tray-menu.model.ts';

/** URLs of the running services. */
export interface DesktopHostInfo {
  /** Origin of the PersonaAPI, which also serves the dashboard (e.g. http://127.0.0.1:8080). */
  apiUrl: string;
  mcpUrl: string;
  /** Access token the dashboard must send, when the API requires one (non-loopback bind). */
  token?: string | null;
}

/** The host as the desktop shell drives it. */
export interface DesktopHost {
  start(): Promise<DesktopHostInfo>;
  /** Stops bots, then services, in reverse order; resolves when every child exited. */
  stop(): Promise<void>;
  services(): ServiceStatus[];
  bots: Pick<BotController, 'list' | 'start' | 'stop' | 'restart' | 'startAll' | 'stopAll' | 'onStatus'>;
  /** A persona's display name when the host knows one (the bot's configured display name). */
  nameOf?(personaId: string): string | undefined;
  /** Called whenever a service or bot status changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** The shell's side effects a tray action may need. */
export interface TrayActionDeps {
  host: DesktopHost;
  openDashboard(): void;
  /** Current login-item setting, null where the platform has none. */
  startOnLogin(): boolean | null;
  setStartOnLogin(enabled: boolean): void;
  quit(): void;
}

/** Runs one tray action; bot control errors reject with the host's AppError. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  switch (action.kind) {
    case 'open-dashboard':
      return deps.openDashboard();
    case 'bot-start':
      await deps.host.bots.start(action.personaId);
      return;
    case 'bot-stop':
      await deps.host.bots.stop(action.personaId);
      return;
    case 'bot-restart':
      await deps.host.bots.restart(action.personaId);
      return;
    case 'bots-start-all':
      await deps.host.bots.startAll();
      return;
    case 'bots-stop-all':
      await deps.host.bots.stopAll();
      return;
    case 'toggle-start-on-login': {
      const current = deps.startOnLogin();
      if (current !== null) deps.setStartOnLogin(!current);
      return;
    }
    case 'quit':
      return deps.quit();
  }
}

/** A display name for a persona id when the host gives none: `old-sage` → `Old Sage`. */
export function displayNameOf(personaId: string): string {
  return personaId
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

/** Reads the host's state for the tray; a failing bot listing shows as no bots, never throws. */
export async function collectTrayState(
  host: DesktopHost,
  phase: HostPhase,
  extra: { hostError?: string | null; startOnLogin: boolean | null; now?: number; names?: (id: string) => string | undefined },
): Promise<TrayState> {
  let bots: BotStatus[] = [];
  if (phase === 'ready') bots = await host.bots.list().catch(() => []);
  const nameOf = (id: string) => extra.names?.(id) ?? host.nameOf?.(id) ?? displayNameOf(id);
  return {
    host: phase,
    hostError: extra.hostError ?? null,
    services: host.services(),
    bots: bots.map((status) => ({ name: nameOf(status.persona_id), status })),
    startOnLogin: extra.startOnLogin,
    now: extra.now ?? Date.now(),
  };
}
