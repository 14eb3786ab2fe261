// `persona-mcp --server`: the headless host (docs/architecture.md "Processes"). The entry owns signals and
// output; this module builds the host and decides the exit code.
import { resolve } from 'node:path';
import { configureLogging, loadConfig, redactConfig, VERSION } from '../../core/index.ts';
import { createBotsFactory } from '../bots/index.ts';
import {
  createForkLauncher, createHost, formatBanner, removeServerRecord, writeServerRecord, type Host, type HostOptions,
} from '../host/index.ts';
import type { CliArgs } from './cli-args.ts';
import { configSources } from './config-sources.ts';
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

/** Replaces parts of the host for tests (fixture entries, a faster restart policy). */
export type ServerOverrides = Pick<HostOptions, 'entries' | 'policy'>;

/**
 * Runs the host until a stop signal (exit 0) or until a service fails for good (exit 1, after
 * stopping the rest). A host that cannot start exits 1 with the reason.
 */
export async function runServer(args: CliArgs, io: ServerIo, overrides: ServerOverrides = {}): Promise<number> {
  const configPath = args.configPath ? resolve(args.configPath) : undefined;
  const { config, configFile } = loadConfig({ flags: args.flags, ...(configPath ? { configPath } : {}), env: io.env });
  configureLogging({ level: config.log.level, process: 'host' });
  // The same bot factory as the desktop app; the host hands it the fork launcher and its core.
  const bots = createBotsFactory({ config });
  const host: Host = createHost({
    config,
    ...(configPath ? { configPath } : {}),
    flagsEnv: flagsToEnv(args.flags),
    baseEnv: io.env,
    launcher: createForkLauncher(),
    ...(bots ? { bots: bots.factory } : {}),
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
    removeServerRecord(config.data_dir, process.pid);
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
    if (!stopping) {
      // `persona-mcp call` and `config` on this data dir speak about this server (server.json).
      writeServerRecord(config.data_dir, {
        pid: process.pid, started_at: new Date().toISOString(), version: VERSION, data_dir: config.data_dir,
        urls: { mcp: info.urls.mcp, api: info.urls.api }, config_file: configFile, config: { ...redactConfig(config) },
        sources: configSources(config, { flags: args.flags, env: io.env, configFile }),
      });
      io.out(formatBanner(info, VERSION));
    }
  } catch (err) {
    if (stopping) return done;
    io.err(`persona-mcp --server could not start: ${(err as Error).message}`);
    await host.stop();
    return 1;
  }
  return done;
}
