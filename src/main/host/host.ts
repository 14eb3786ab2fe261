// The host (docs/architecture.md "Processes"): one code path for the headless server and the desktop app.
// Migrates before any child starts, supervises mcp → api, relays domain events between children, answers
// their host requests (bot control), and stops everything in reverse order.
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import {
  HostMessageSchema, JobActionSchema, toIpcError, type AppConfig, type ChildMessage, type DomainEvent, type HostMessage, type ServiceName, type ServiceStatus,
} from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import type { BotController, BotControllerContext } from './bot-controller.ts';
import { createBotProxy, type BotProxy } from './bot-proxy.ts';
import { answerHostRequest } from './host-requests.ts';
import { chooseJobOwner, createJobRelay, jobsEnv } from './job-relay.ts';
import { buildHostInfo, type HostInfo } from './host-info.ts';
import type { Launcher } from './launcher.ts';
import { assertPortsFree, portClaims } from './port-check.ts';
import { prepareDataDir } from './prepare.ts';
import { SERVICE_ENTRIES } from './service-entries.ts';
import { createChildSupervisor, type ChildStatus, type ChildSupervisor, type RestartPolicy } from './supervisor.ts';

const log = getLogger('host');

/** The services the host runs, in start order. */
export const HOST_SERVICES = ['mcp', 'api'] as const;
/** A service the host runs. */
export type HostService = (typeof HOST_SERVICES)[number];

/** Options of createHost. */
export interface HostOptions {
  /** The configuration, loaded once by the caller. */
  config: AppConfig;
  /** The config file the caller loaded (`--config`), passed on to children. */
  configPath?: string;
  /** Config values from CLI flags as `PERSONA_MCP_*` variables (flagsToEnv), passed to children. */
  flagsEnv?: Record<string, string>;
  /** More variables for every child (the desktop app passes PERSONA_MCP_SECRET_KEY here). */
  env?: Record<string, string>;
  /** The environment children inherit; default this process's. */
  baseEnv?: Record<string, string | undefined>;
  /** Base64 key of the secret store; default `env.PERSONA_MCP_SECRET_KEY`, else the data dir's key file. */
  secretKey?: string;
  launcher: Launcher;
  /** The bot supervisor, or a factory called once the services are ready (it needs the mcp URL). */
  bots?: BotController | ((context: BotControllerContext) => BotController | Promise<BotController>);
  /** Entry files; default the real services. A service whose entry file is missing is not run. */
  entries?: Partial<Record<HostService, string>>;
  /** Receives each `[name] line` of the children's output; default the host logger. */
  log?: (line: string) => void;
  /** Restart policy of the services (defaults: DEFAULT_RESTART_POLICY). */
  policy?: Partial<RestartPolicy>;
  /**
   * `parallel` (default) launches every service at once, with the mcp port fixed beforehand (a free
   * port is reserved when it is 0) so the api knows it; readiness is still awaited mcp → api.
   * `sequential` launches the api only once the mcp service is ready.
   */
  startMode?: 'parallel' | 'sequential';
}

/** The running host. */
export interface Host {
  /** Prepares the data dir, starts mcp then api, then the bots; rejects when a service cannot start (everything is stopped again). */
  start(): Promise<HostInfo>;
  /** Stops bots, api, mcp (reverse order) and resolves once every child exited. */
  stop(): Promise<void>;
  /** Status of every service. */
  status(): ServiceStatus[];
  /** Same as status() (the desktop binding's name). */
  services(): ServiceStatus[];
  /** The first service that failed for good since start, or null. A headless host exits non-zero then. */
  failure(): ServiceStatus | null;
  /** Bot control (HOST_NOT_ATTACHED until a bot supervisor is attached). */
  readonly bots: BotProxy;
  /** Called with every service's status whenever one changes; returns the unsubscribe function. */
  onChange(listener: (services: ServiceStatus[]) => void): () => void;
}

const PREFIX = 'PERSONA_MCP_';

/** Sets a config value for a child in both env spellings, so neither a shortcut nor a full key in the inherited env wins over it. */
function pin(env: Record<string, string>, shortcut: string, full: string, value: string): void {
  env[`${PREFIX}${shortcut}`] = value;
  env[`${PREFIX}${full}`] = value;
}

/** A port that is free on `host` right now (bound to 0 and released), for a service that must be told its port in advance. */
export function reservePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function toServiceStatus(service: HostService, s: ChildStatus): ServiceStatus {
  return { service: service satisfies ServiceName, state: s.state, pid: s.pid, port: s.port, restarts: s.restarts, started_at: s.started_at, last_error: s.last_error };
}

/** Creates the host; nothing starts before start(). */
export function createHost(options: HostOptions): Host {
  const { config, launcher } = options;
  const entries: Record<HostService, string> = { ...SERVICE_ENTRIES, ...options.entries };
  const extraEnv = options.env ?? {};
  const secretKey = options.secretKey ?? extraEnv[`${PREFIX}SECRET_KEY`];
  const output = options.log;
  const bots = createBotProxy();
  const listeners = new Set<(services: ServiceStatus[]) => void>();
  const supervisors = new Map<HostService, ChildSupervisor>();
  const cleanups: (() => void)[] = [];
  let failure: ServiceStatus | null = null;
  let prepared: Awaited<ReturnType<typeof prepareDataDir>> | null = null;
  let ports: { mcp: number | null; api: number | null } = { mcp: null, api: null };
  let stopping: Promise<void> | null = null;
  let stopRequested = false;
  // The service that runs the background jobs (ADR 0008); the others forward job actions through the host.
  let jobOwner: HostService | null = null;
  // Settles once the bot supervisor is attached (or the start gave up), so a bot request that
  // arrives while the services are still starting waits instead of hearing "not available".
  let botsSettled: Promise<void> = Promise.resolve();
  let settleBots: () => void = () => {};

  const baseEnv = (): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.baseEnv ?? process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, extraEnv, options.flagsEnv ?? {});
    if (secretKey) env[`${PREFIX}SECRET_KEY`] = secretKey;
    pin(env, 'DATA_DIR', 'DATA_DIR', config.data_dir);
    // Children reuse V8's compiled code across starts (and restarts after a crash).
    env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'persona-mcp-compile-cache');
    return env;
  };

  const childEnv = (service: HostService, ownPort: number | null): Record<string, string> => {
    const env = baseEnv();
    // The mcp port is known before the api starts, so the api can show and probe the real URL.
    const mcpPort = (service === 'mcp' ? ownPort : null) ?? ports.mcp ?? config.server.mcp_port;
    pin(env, 'MCP_PORT', 'SERVER__MCP_PORT', String(mcpPort));
    const apiPort = service === 'api' ? (ownPort ?? config.server.api_port) : (ports.api ?? config.server.api_port);
    pin(env, 'API_PORT', 'SERVER__API_PORT', String(apiPort));
    env[`${PREFIX}JOBS`] = jobsEnv(service, jobOwner);
    return env;
  };

  const all = (): ServiceStatus[] => [...supervisors].map(([service, sup]) => toServiceStatus(service, sup.status()));
  const notify = () => {
    const snapshot = all();
    for (const l of [...listeners]) l(snapshot);
  };

  /** Sends a host message to one child after validating it (an invalid one is logged and dropped). */
  const sendTo = (sup: ChildSupervisor | undefined, message: HostMessage) => {
    if (!sup) return;
    const parsed = HostMessageSchema.safeParse(message);
    if (!parsed.success) {
      log.warn({ type: message.type, issues: parsed.error.issues.slice(0, 3) }, 'invalid host message dropped');
      return;
    }
    sup.send(parsed.data);
  };

  const jobs = createJobRelay({
    sendToOwner: (message) => {
      const owner = jobOwner ? supervisors.get(jobOwner) : undefined;
      if (!owner || owner.status().state !== 'running') return false;
      return owner.send(HostMessageSchema.parse(message));
    },
  });

  const relay = (from: HostService, event: DomainEvent) => {
    for (const [service, sup] of supervisors) if (service !== from) sendTo(sup, { type: 'event', event });
    bots.relayEvent?.(event);
  };

  const onChildMessage = (service: HostService, sup: ChildSupervisor, message: ChildMessage) => {
    if (message.type === 'event') relay(service, message.event);
    else if (message.type === 'job-response') {
      if (service === jobOwner) jobs.onResponse(message);
    } else if (message.type === 'host-request') {
      const job = JobActionSchema.safeParse(message.action);
      if (job.success) {
        const { id } = message;
        void jobs.ask(job.data, message.params).then(
          (result) => sendTo(sup, { type: 'host-response', id, ok: true, result }),
          (err: unknown) => sendTo(sup, { type: 'host-response', id, ok: false, error: toIpcError(err) }),
        );
        return;
      }
      const ready = message.action.startsWith('bot.') ? botsSettled : Promise.resolve();
      void ready
        .then(() => answerHostRequest(message, { bots: bots.current(), services: all }))
        .then((response) => sendTo(sup, response));
    }
  };

  const supervise = (service: HostService): ChildSupervisor => {
    const sup = createChildSupervisor({
      name: service,
      launcher,
      policy: options.policy,
      ...(output ? { output } : {}),
      isReady: (m) => m.service === service,
      spec: ({ port }) => ({
        name: service,
        entry: entries[service],
        args: options.configPath ? ['--config', resolve(options.configPath)] : [],
        env: childEnv(service, port),
      }),
    });
    sup.onMessage((m) => onChildMessage(service, sup, m));
    sup.onChange((s) => {
      if (s.port !== null) ports = { ...ports, [service]: s.port };
      const status = toServiceStatus(service, s);
      if (s.state === 'failed' && !failure) failure = status;
      if (service === jobOwner && s.state !== 'running') jobs.failAll(`is ${s.state}`);
      sendTo(supervisors.get('api'), { type: 'service-status', status });
      // A (re)started api learns the state of everything else.
      if (service === 'api' && s.state === 'running') for (const st of all()) if (st.service !== 'api') sendTo(sup, { type: 'service-status', status: st });
      notify();
    });
    supervisors.set(service, sup);
    return sup;
  };

  const attachBots = async (info: HostInfo) => {
    if (!options.bots) return;
    const core = prepared?.core ?? undefined;
    const controller = typeof options.bots === 'function'
      ? await options.bots({
        mcpUrl: info.urls.mcp, token: info.token, config, launcher, env: baseEnv(), secretKey: secretKey ?? null,
        ...(core ? { core } : {}), ...(output ? { log: output } : {}),
      })
      : options.bots;
    cleanups.push(bots.attach(controller));
    cleanups.push(bots.onStatus((status) => sendTo(supervisors.get('api'), { type: 'bot-status', status })));
    cleanups.push(bots.onLog((line) => sendTo(supervisors.get('api'), { type: 'bot-log', line })));
    cleanups.push(bots.onStatus(() => notify()));
    bots.startOnLaunch().catch((err: unknown) => log.error({ err: (err as Error).message }, 'bots with autostart did not start'));
  };

  const stopAll = async () => {
    jobs.failAll('is stopping with the host');
    await bots.shutdown().catch((err: unknown) => log.error({ err: (err as Error).message }, 'bot shutdown failed'));
    for (const off of cleanups.splice(0)) off();
    for (const service of [...HOST_SERVICES].reverse()) await supervisors.get(service)?.stop();
    const core = prepared?.core;
    if (core) {
      prepared = { ...prepared!, core: null };
      await core.close().catch((err: unknown) => log.error({ err: (err as Error).message }, 'closing the host core failed'));
    }
  };

  return {
    async start() {
      stopRequested = false;
      failure = null;
      ports = { mcp: null, api: null };
      // A fixed port another process holds fails the start now, before migrations and child crashes.
      await assertPortsFree(config.server.host, portClaims(config, HOST_SERVICES.filter((service) => existsSync(entries[service]))));
      if (options.bots) botsSettled = new Promise<void>((r) => (settleBots = r));
      prepared = await prepareDataDir(config, secretKey, options.bots !== undefined);
      try {
        const runnable = HOST_SERVICES.filter((service) => {
          if (existsSync(entries[service])) return true;
          log.warn({ service, entry: entries[service] }, 'service entry not found; not starting it');
          return false;
        });
        jobOwner = chooseJobOwner(runnable);
        const parallel = (options.startMode ?? 'parallel') === 'parallel' && runnable.length > 1;
        if (parallel && runnable.includes('mcp') && config.server.mcp_port === 0) ports = { ...ports, mcp: await reservePort(config.server.host) };
        const launched = new Map<HostService, Promise<ChildStatus>>();
        for (const service of runnable) {
          if (stopRequested) throw new Error('the host was stopped while starting');
          const started = supervise(service).start();
          // Awaited below in order; a rejection meanwhile must not go unhandled.
          started.catch(() => {});
          launched.set(service, started);
          if (!parallel) ports = { ...ports, [service]: (await started).port };
        }
        for (const [service, started] of launched) ports = { ...ports, [service]: (await started).port };
        if (ports.mcp === null) throw new Error('the mcp service did not report its port');
        const info = buildHostInfo(config, { mcp: ports.mcp, api: ports.api }, prepared);
        await attachBots(info);
        settleBots();
        return info;
      } catch (err) {
        settleBots();
        await stopAll();
        throw err;
      }
    },
    stop() {
      stopRequested = true;
      stopping ??= stopAll().finally(() => {
        stopping = null;
      });
      return stopping;
    },
    status: all,
    services: all,
    failure: () => failure,
    bots,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
