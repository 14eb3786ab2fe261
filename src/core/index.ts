/** The persona brain: persistence, intelligence, operations. Services and the host import only this file. */
export * from './config/index.ts';
export * from './db/index.ts';
export * from './events/index.ts';
export * from './logger/index.ts';
export * from './operations/index.ts';
export * from './core-context.ts';
export { createCore } from './create-core.ts';
export { readSavedSettings, savedSettingsIn, withSavedSettings, type SavedSetting } from './saved-settings.ts';
export * from './secrets/index.ts';
export * from './limits/index.ts';
export * from './auth/index.ts';
export * from './bots/index.ts';
export { seedDefaultPersonas } from './persona/seed.ts';
export { VERSION } from './version.ts';
export { buildRoleplayPrompt, type RoleplayPrompt, type RoleplayPromptRequest } from './chat/roleplay-prompt.ts';
export * from './jobs/index.ts';
export * from './net/index.ts';

export { localMcpClientConfig } from './system/mcp-client-config.ts';
