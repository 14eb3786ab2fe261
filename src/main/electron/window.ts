// The dashboard window and the session rules around it: sandboxed, context-isolated
// renderer; only the PersonaAPI origin is shown; other links open in the OS browser; a CSP on
// every dashboard response; no permissions, no webviews.
import { BrowserWindow, app, ipcMain, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { join } from 'node:path';
import { getLogger } from '../../core/index.ts';
import { BRIDGE_CHANNELS, decideNavigation, isAppUrl, withCsp, type DesktopAppInfo } from '../desktop/index.ts';

const log = getLogger('desktop.window');

/** Paths and origin the window needs. */
export interface WindowOptions {
  /** Origin of the PersonaAPI that serves the dashboard. */
  appOrigin: string;
  preload: string;
  iconsDir: string;
  /** Bearer token added to requests to the app origin when the API requires one (non-loopback bind). */
  token?: string | null;
}

function openOutside(url: string): boolean {
  shell.openExternal(url).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'could not open link in the OS browser'));
  return true;
}

/** Applies the navigation rules to any web contents (main window, or a same-origin popup). */
function guardContents(contents: WebContents, appOrigin: string): void {
  const onNavigate = (event: Electron.Event, url: string) => {
    const decision = decideNavigation(url, appOrigin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') openOutside(url);
    else log.warn({ url }, 'navigation refused');
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideNavigation(url, appOrigin);
    if (decision === 'external') openOutside(url);
    if (decision !== 'allow') return { action: 'deny' };
    return { action: 'allow', overrideBrowserWindowOptions: { autoHideMenuBar: true, webPreferences: secureWebPreferences() } };
  });
}

function secureWebPreferences(preload?: string): Electron.WebPreferences {
  return {
    ...(preload && { preload }),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

function fromApp(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const url = event.senderFrame?.url ?? '';
  return isAppUrl(url, appOrigin);
}

/** Session-wide rules: CSP, permissions, webviews, the bridge handlers. Call once. */
export function hardenSession(options: WindowOptions): void {
  const { appOrigin } = options;
  const filter = { urls: [`${new URL(appOrigin).origin}/*`] };
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived(filter, (details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders ?? {}, appOrigin) });
  });
  if (options.token) {
    const bearer = `Bearer ${options.token}`;
    ses.webRequest.onBeforeSendHeaders(filter, (details, callback) => {
      callback({ requestHeaders: { ...details.requestHeaders, Authorization: bearer } });
    });
  }
  // Copying a token to the clipboard is the one permission the dashboard uses.
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && isAppUrl(contents.getURL(), appOrigin));
  });
  ses.setPermissionCheckHandler((_contents, permission, origin) => permission === 'clipboard-sanitized-write' && isAppUrl(origin, appOrigin));
  app.on('web-contents-created', (_event, contents) => guardContents(contents, appOrigin));
  ipcMain.handle(BRIDGE_CHANNELS.appInfo, (event): DesktopAppInfo | null => {
    if (!fromApp(event, appOrigin)) return null;
    return { version: app.getVersion(), platform: process.platform, electron: process.versions.electron };
  });
  ipcMain.handle(BRIDGE_CHANNELS.openExternal, (event, url: unknown) => {
    if (!fromApp(event, appOrigin) || typeof url !== 'string') return false;
    return decideNavigation(url, appOrigin) === 'external' && openOutside(url);
  });
}

/**
 * Creates the dashboard window (hidden until painted). Closing it only hides it — the services
 * keep serving from the tray — unless `isQuitting()` says the app is on its way out.
 */
export function createDashboardWindow(options: WindowOptions, isQuitting: () => boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Persona-MCP',
    icon: join(options.iconsDir, 'icon.png'),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preload),
  });
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  win.webContents.on('did-fail-load', (_event, code, description, url) => {
    log.warn({ code, description, url }, 'dashboard failed to load');
  });
  void win.loadURL(options.appOrigin).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'dashboard did not load'));
  return win;
}
