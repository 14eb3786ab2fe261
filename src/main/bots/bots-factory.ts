// The bot supervisor as the host's `bots` factory, one for both modes (`--server` and the desktop
// app): called once the services are ready, it reads the stored bot configurations and supervises
// one bot child per persona through the host's launcher (fork headless, utility processes in the
// desktop app). What differs between the modes comes in as options or with the host's context.
import { existsSync } from 'node:fs';
import type { AppConfig } from '../../shared/index.ts';
import { createCore, listBotConfigs, parseSecretKey, type CoreContext } from '../../core/index.ts';
import { SERVICE_ENTRIES, type BotController, type BotControllerContext, type Launcher } from '../host/index.ts';
import { createBotSupervisor } from './bot-supervisor.ts';

/** Options of createBotsFactory: the fallbacks for what the host's context does not carry. */
export interface BotsFactoryOptions {
  config: AppConfig;
  /** The launcher when the host hands over none (the host always does). */
  launcher?: Launcher;
  /** Base64 key of the secret store (PERSONA_MCP_SECRET_KEY), when the data dir's key file is not used. */
  secretKey?: string | null;
  /** Entry of the bot service; default the real one. */
  entry?: string;
  /** Receives every `[bot:<id>] line`; default the host's sink, else the host logger. */
  log?: (line: string) => void;
}

/** The factory for HostOptions.bots, the display names it learned, and the cleanup. */
export interface BotsFactory {
  /** HostOptions.bots: creates the bot supervisor (safe to pass unbound). */
  factory: (context: BotControllerContext) => Promise<BotController>;
  /** The bot's configured display name, once the configurations were read. */
  nameOf(personaId: string): string | undefined;
  /** Closes the core this factory opened, if any (after the host stopped). */
  close(): Promise<void>;
}

/**
 * Creates the factory, or null when this build has no bot service entry (the host then runs
 * without bots and bot.* requests answer HOST_NOT_ATTACHED). No bot starts before the host calls
 * it; what the host hands over (core, launcher, secret key, log sink) wins over the options.
 */
export function createBotsFactory(options: BotsFactoryOptions): BotsFactory | null {
  const entry = options.entry ?? SERVICE_ENTRIES.bot;
  if (!existsSync(entry)) return null;
  const names = new Map<string, string>();
  let ownCore: CoreContext | null = null;
  return {
    async factory(context) {
      const config = context.config ?? options.config;
      const secretKey = context.secretKey ?? options.secretKey ?? null;
      const launcher = context.launcher ?? options.launcher;
      if (!launcher) throw new Error('the bot supervisor needs a launcher');
      // A core is opened here only when the host gives none (a call by hand).
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
        launcher,
        dataDir: config.data_dir,
        mcpUrl: context.mcpUrl,
        mcpToken: botToken,
        secretKey,
        env: context.env ?? {},
        entry,
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
