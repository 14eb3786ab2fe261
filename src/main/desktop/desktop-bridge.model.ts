// The fixed API the preload script exposes to the dashboard (window.personaDesktop). The renderer
// declares the same shape for itself (it imports only src/shared); nothing else crosses the bridge.

/** Name of the global the preload script defines in the page. */
export const BRIDGE_GLOBAL = 'personaDesktop';

/** IPC channels behind the bridge; only the preload script and the main process use them. */
export const BRIDGE_CHANNELS = {
  appInfo: 'persona-desktop:app-info',
  openExternal: 'persona-desktop:open-external',
} as const;

/** What the desktop shell tells the dashboard about itself. */
export interface DesktopAppInfo {
  version: string;
  platform: string;
  electron: string;
}

/** The API available as `window.personaDesktop` inside the desktop app (absent in a browser). */
export interface DesktopBridge {
  appInfo(): Promise<DesktopAppInfo>;
  /** Opens an http(s) or mailto URL in the OS browser; resolves false when the URL is refused. */
  openExternal(url: string): Promise<boolean>;
}
