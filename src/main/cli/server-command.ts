// `persona-mcp --server`: the headless host (DESIGN §1). The entry owns signals and output; this
// module builds the host and decides the exit code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '../../shared/index.ts';
import { configureLogging, listBotConfigs, loadConfig, VERSION } from '../../core/index.ts';
import { createBotSupervisor } from '../bots/index.ts';
import {
  createForkLauncher, createHost, formatBanner, SERVICE_ENTRIES, type BotController, type BotControllerContext, type Host, type HostOptions,
} from '../host/index.ts';
import type { CliArgs } from './cli-args.ts';
import { flagsToEnv } from './service-launcher.ts';

/** What the entry hands the server command (everything that touches the process). */
export interface ServerIo {
  env: Record<string, string | undefined>;
  /** Writes the "where everything is" banner (stdout). */
  out(text: string): void;
  /** Writes children's prefixed lines and host notices (stderr). */
  err(line: string): void;
  /** Registers the graceful-stop trigger (SIGINT/SIGTERM/SIGHUP: code 0; a host crash: code 1). */
  onStopSignal(stop: (code?: number) => void): void;
}

/**
 * The bot supervisor as the host's `bots` factory (called once the services are ready, with the
 * mcp URL, the host's core and launcher). Undefined when this build has no bot service entry, so
 * the host runs without bots and bot.* requests answer HOST_NOT_ATTACHED.
 */
export function botSupervisorFactory(config: AppConfig, entry: string = SERVICE_ENTRIES.bot): ((context: BotControllerContext) => Promise<BotController>) | undefined {
  if (!existsSync(entry)) return undefined;
  return async (context) => {
    const { core, launcher } = context;
    if (!core || !launcher) throw new Error('the bot supervisor needs the host core and launcher');
    // The bots' own token: a principal of their own for the LLM budget, replaced at each start.
    const { token: botToken } = await core.tokens.reissue('bots', ['read', 'chat', 'write']);
    return createBotSupervisor({
      launcher,
      dataDir: config.data_dir,
      mcpUrl: context.mcpUrl,
      mcpToken: botToken,
      secretKey: context.secretKey ?? null,
      env: context.env ?? {},
      entry,
      listConfigs: () => listBotConfigs(core),
      ...(context.log ? { log: context.log } : {}),
    });
  };
}

/** Replaces parts of the host for tests (fixture entries, a faster restart policy). */
export type ServerOverrides = Pick<HostOptions, 'entries' | 'policy'>;

/**
 * Runs the host until a stop signal (exit 0) or until a service fails for good (exit 1, after
 * stopping the rest). A host that cannot start exits 1 with the reason.
 */
export async function runServer(args: CliArgs, io: ServerIo, overrides: ServerOverrides = {}): Promise<number> {
  const configPath = args.configPath ? resolve(args.configPath) : undefined;
  const { config } = loadConfig({ flags: args.flags, ...(configPath ? { configPath } : {}), env: io.env });
  configureLogging({ level: config.log.level, process: 'host' });
  const bots = botSupervisorFactory(config);
  const host: Host = createHost({
    config,
    ...(configPath ? { configPath } : {}),
    flagsEnv: flagsToEnv(args.flags),
    baseEnv: io.env,
    launcher: createForkLauncher(),
    ...(bots ? { bots } : {}),
    log: io.err,
    ...overrides,
  });

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((r) => {
    finish = r;
  });
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void host.stop().then(
      () => finish(host.failure() ? 1 : code),
      (err: unknown) => {
        io.err(`persona-mcp: stopping failed: ${(err as Error).message}`);
        finish(1);
      },
    );
  };
  io.onStopSignal((code = 0) => stop(code));
  host.onChange(() => {
    const failed = host.failure();
    if (!failed || stopping) return;
    io.err(`persona-mcp: the ${failed.service} service failed: ${failed.last_error ?? 'unknown error'}; stopping`);
    stop(1);
  });

  try {
    const info = await host.start();
    if (!stopping) io.out(formatBanner(info, VERSION));
  } catch (err) {
    if (stopping) return done;
    io.err(`persona-mcp --server could not start: ${(err as Error).message}`);
    await host.stop();
    return 1;
  }
  return done;
}
