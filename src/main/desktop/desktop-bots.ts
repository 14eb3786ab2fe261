// The Matrix bot supervisor as the host's `bots` factory: called once the services are ready, it
// reads the stored bot configurations and supervises one bot child per persona through the
// host's launcher (utility processes in the desktop app). Nothing here is desktop-specific; the
// headless host can use it with the fork launcher.
import type { AppConfig } from '../../shared/index.ts';
import { createCore, listBotConfigs, parseSecretKey, type CoreContext } from '../../core/index.ts';
import { createBotSupervisor } from '../bots/index.ts';
import { SERVICE_ENTRIES, type BotController, type BotControllerContext, type Launcher } from '../host/index.ts';

/** Options of createBotsFactory. */
export interface BotsFactoryOptions {
  config: AppConfig;
  launcher: Launcher;
  /** Base64 key of the secret store (PERSONA_MCP_SECRET_KEY), when the data dir's key file is not used. */
  secretKey?: string | null;
  /** Entry of the bot service; default the real one. */
  entry?: string;
  /** Receives every `[bot:<id>] line`; default the host logger. */
  log?: (line: string) => void;
}

/** The factory for HostOptions.bots, the display names it learned, and the cleanup. */
export interface BotsFactory {
  factory(context: BotControllerContext): Promise<BotController>;
  /** The bot's configured display name, once the configurations were read. */
  nameOf(personaId: string): string | undefined;
  /** Closes the core this factory opened, if any (after the host stopped). */
  close(): Promise<void>;
}

/**
 * Creates the factory; no bot starts before the host calls it. What the host hands over (its
 * core, launcher, secret key, log sink) wins over the options, which are the fallbacks for a call
 * by hand; a core is opened here only when the host gives none.
 */
export function createBotsFactory(options: BotsFactoryOptions): BotsFactory {
  const names = new Map<string, string>();
  let ownCore: CoreContext | null = null;
  return {
    async factory(context) {
      const config = context.config ?? options.config;
      const secretKey = context.secretKey ?? options.secretKey ?? null;
      let core = context.core;
      if (!core) {
        ownCore ??= await createCore({ config, migrate: false, seed: false, ...(secretKey ? { secretKey: parseSecretKey(secretKey) } : {}) });
        core = ownCore;
      }
      const opened = core;
      const log = context.log ?? options.log;
      // The bots' own token: a principal of their own for the LLM budget, replaced at each start.
      const { token: botToken } = await opened.tokens.reissue('bots', ['read', 'chat', 'write']);
      return createBotSupervisor({
        launcher: context.launcher ?? options.launcher,
        dataDir: config.data_dir,
        mcpUrl: context.mcpUrl,
        mcpToken: botToken,
        secretKey,
        ...(context.env ? { env: context.env } : {}),
        entry: options.entry ?? SERVICE_ENTRIES.bot,
        listConfigs: async () => {
          const configs = await listBotConfigs(opened);
          for (const c of configs) if (c.display_name) names.set(c.persona_id, c.display_name);
          return configs;
        },
        ...(log ? { log } : {}),
      });
    },
    nameOf: (personaId) => names.get(personaId),
    async close() {
      const open = ownCore;
      ownCore = null;
      await open?.close();
    },
  };
}
