// Preload of the dashboard window (sandboxed, context-isolated): exposes the fixed DesktopBridge
// and nothing else — no ipcRenderer, no channels chosen by the page. Bundled to
// dist/electron/preload.cjs by scripts/build-electron.ts (a sandboxed preload cannot load modules).
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CHANNELS, BRIDGE_GLOBAL, type DesktopAppInfo, type DesktopBridge } from '../desktop/desktop-bridge.model.ts';

const bridge: DesktopBridge = {
  appInfo: () => ipcRenderer.invoke(BRIDGE_CHANNELS.appInfo) as Promise<DesktopAppInfo>,
  openExternal: (url: string) => ipcRenderer.invoke(BRIDGE_CHANNELS.openExternal, String(url)) as Promise<boolean>,
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
