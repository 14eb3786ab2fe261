/** Runtime-neutral parts of the desktop shell (tested under Node; src/main/electron binds them). */
export * from './desktop-bridge.model.ts';
export * from './protected-key.ts';
export * from './tray-menu.model.ts';
export * from './utility-child.ts';
export * from './window-policy.ts';
export * from './desktop-host.ts';
