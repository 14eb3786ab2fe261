// Electron main process (desktop entry, ADR 0003): one instance; loads the config once; starts the
// host with utility-process children; shows the dashboard from the local PersonaAPI; keeps serving
// from the tray when the window closes; Quit stops every child before the app exits.
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureLogging, getLogger, loadConfig } from '../../core/index.ts';
import { collectTrayState, buildTrayMenu, runTrayAction, trayTooltip, type DesktopHost, type HostPhase } from '../desktop/index.ts';
import { createDesktopHost } from './host-binding.ts';
import { loadDesktopSecretKey } from './secret-key.ts';
import { createTray, type TrayController } from './tray.ts';
import { createUtilityLauncher } from './utility-launcher.ts';
import { createDashboardWindow, hardenSession } from './window.ts';

const log = getLogger('desktop');
const APP_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PRELOAD = join(APP_ROOT, 'dist', 'electron', 'preload.cjs');
const ICONS = join(APP_ROOT, 'resources', 'icons');
/** Longest wait for the host to stop before the app exits anyway. */
const STOP_DEADLINE_MS = 20_000;
/** How often the tray refreshes uptimes while nothing else changes. */
const TRAY_REFRESH_MS = 30_000;

let phase: HostPhase = 'starting';
let hostError: string | null = null;
let quitting = false;
let stopped = false;
let host: DesktopHost | null = null;
let tray: TrayController | null = null;
let window: Electron.BrowserWindow | null = null;
let appOrigin: string | null = null;

function showWindow(): void {
  if (!appOrigin || phase !== 'ready') return;
  window ??= createDashboardWindow({ appOrigin, preload: PRELOAD, iconsDir: ICONS }, () => quitting);
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

const loginItemsSupported = process.platform === 'darwin' || process.platform === 'win32';
// Windows starts the login item with this flag; macOS reports wasOpenedAtLogin instead.
const LOGIN_ARGS = ['--hidden'];
const startOnLogin = () => (loginItemsSupported ? app.getLoginItemSettings({ args: LOGIN_ARGS }).openAtLogin : null);
const openedAtLogin = () => process.argv.includes('--hidden') || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);

let traySeq = 0;
async function refreshTray(): Promise<void> {
  if (!tray || !host) return;
  const seq = ++traySeq;
  const state = await collectTrayState(host, phase, { hostError, startOnLogin: startOnLogin() });
  // A slower earlier refresh must not overwrite a newer menu.
  if (seq === traySeq) tray.update(buildTrayMenu(state), trayTooltip(state));
}

function fail(message: string): void {
  phase = 'failed';
  hostError = message;
  log.error({ err: message }, 'desktop host failed');
  void refreshTray();
  void dialog.showMessageBox({ type: 'error', title: 'Persona-MCP', message: 'Persona-MCP could not start its services.', detail: message });
}

/** Stops the host once, then lets the quit proceed (with a deadline so Quit always ends the app). */
function onBeforeQuit(event: Electron.Event): void {
  quitting = true;
  if (stopped || !host) return;
  event.preventDefault();
  if (phase === 'stopping') return;
  phase = 'stopping';
  void refreshTray();
  const deadline = setTimeout(() => {
    log.error({ ms: STOP_DEADLINE_MS }, 'host did not stop in time; exiting');
    app.exit(1);
  }, STOP_DEADLINE_MS);
  host
    .stop()
    .catch((err: unknown) => log.error({ err: (err as Error).message }, 'host stop failed'))
    .finally(() => {
      clearTimeout(deadline);
      stopped = true;
      tray?.destroy();
      app.quit();
    });
}

async function run(): Promise<void> {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Keep serving with no window open; only Quit ends the app.
  app.on('window-all-closed', () => {});
  app.on('before-quit', onBeforeQuit);
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('dev.personamcp.desktop');

  // The desktop app keeps its data in the OS app-data folder unless told otherwise; set in the
  // environment so every child inherits it whatever else the host hands down.
  process.env.PERSONA_MCP_DATA_DIR ??= join(app.getPath('userData'), 'data');
  const { config } = loadConfig();
  configureLogging({ level: config.log.level, process: 'desktop' });

  let secretEnv: Record<string, string>;
  try {
    const secret = loadDesktopSecretKey(config.data_dir);
    secretEnv = secret.env;
    if (secret.key) log.info({ source: secret.source }, 'secret key sealed by the OS keychain');
    else log.warn({ reason: secret.reason }, 'secrets use the 0600 key file');
  } catch (err) {
    dialog.showErrorBox('Persona-MCP', `Stored secrets cannot be opened: ${(err as Error).message}`);
    app.exit(1);
    return;
  }
  // Children and the host's own secret store read the key from the environment.
  Object.assign(process.env, secretEnv);

  host = createDesktopHost(config, createUtilityLauncher(), secretEnv);
  tray = createTray({
    iconsDir: ICONS,
    onClick: () => showWindow(),
    onAction: (action) => {
      if (!host) return;
      runTrayAction(action, {
        host,
        openDashboard: showWindow,
        startOnLogin,
        setStartOnLogin: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, args: LOGIN_ARGS }),
        quit: () => app.quit(),
      })
        .catch((err: unknown) => dialog.showErrorBox('Persona-MCP', (err as Error).message))
        .finally(() => void refreshTray());
    },
  });
  host.onChange(() => void refreshTray());
  setInterval(() => void refreshTray(), TRAY_REFRESH_MS).unref();
  await refreshTray();

  try {
    const info = await host.start();
    appOrigin = new URL(info.apiUrl).origin;
    hardenSession({ appOrigin, preload: PRELOAD, iconsDir: ICONS, token: info.token ?? null });
    phase = 'ready';
    log.info({ api: info.apiUrl, mcp: info.mcpUrl }, 'desktop host ready');
    await refreshTray();
    // Started hidden at login: serve from the tray; otherwise show the dashboard.
    if (!openedAtLogin()) showWindow();
  } catch (err) {
    fail((err as Error).message);
  }
}

if (app.requestSingleInstanceLock()) {
  run().catch((err: unknown) => {
    log.fatal({ err: (err as Error).message }, 'desktop start failed');
    dialog.showErrorBox('Persona-MCP', (err as Error).message);
    app.exit(1);
  });
} else {
  app.quit();
}
