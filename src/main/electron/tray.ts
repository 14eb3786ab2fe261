// The tray icon and its menu, rendered from the plain-data model in src/main/desktop.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { TrayAction, TrayItem } from '../desktop/index.ts';

/** The tray as the main process drives it. */
export interface TrayController {
  /** Replaces the menu and tooltip. */
  update(items: TrayItem[], tooltip: string): void;
  destroy(): void;
}

/** Options of the tray. */
export interface TrayOptions {
  iconsDir: string;
  onAction(action: TrayAction): void;
  /** Left click on the icon (Windows/Linux); macOS opens the menu instead. */
  onClick(): void;
}

/** The tray icon for this platform: a template image on macOS (tinted by the OS), colour elsewhere. */
function trayIcon(iconsDir: string): Electron.NativeImage {
  const file = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  const image = nativeImage.createFromPath(join(iconsDir, file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}

function toMenuItem(item: TrayItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions {
  const action = item.action;
  return {
    type: item.type,
    ...(item.label !== undefined && { label: item.label }),
    ...(item.enabled !== undefined && { enabled: item.enabled }),
    ...(item.checked !== undefined && { checked: item.checked }),
    ...(item.submenu && { submenu: item.submenu.map((child) => toMenuItem(child, onAction)) }),
    ...(action && { click: () => onAction(action) }),
  };
}

/** Creates the tray icon; call `update` with the first menu right away. */
export function createTray(options: TrayOptions): TrayController {
  const tray = new Tray(trayIcon(options.iconsDir));
  tray.on('click', () => options.onClick());
  return {
    update(items, tooltip) {
      if (tray.isDestroyed()) return;
      tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => toMenuItem(item, options.onAction))));
      tray.setToolTip(tooltip);
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
