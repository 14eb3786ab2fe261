// How a service entry runs (docs/architecture.md "Processes"): open, link to the host, serve, report ready,
// and stop once — on SIGINT, SIGTERM, the host's `shutdown` message, or the host going away (a child never
// outlives its host) — then close everything and exit. The entries hand in `process`; nothing else here reads
// it.
import { getLogger, type CoreContext, type ModuleLogger } from '../../core/index.ts';
import { createHostLink, hostIpcPort, relayDomainEvents, type HostLink } from './host-link.ts';
import { answerJobRequests } from './job-owner.ts';

/** Where a network service listens. */
export interface BoundAddress {
  host: string;
  port: number;
}

/** A network service as the entries and tests run it (the mcp service, the PersonaAPI). */
export interface NetworkService {
  /** Binds `server.host` and the service's port (0 = any free port). */
  start(): Promise<BoundAddress>;
  /** Stops accepting, lets in-flight work finish or ends it, closes connections. Leaves the core open. */
  stop(): Promise<void>;
  /** The bound address, or null before start / after stop. */
  address(): BoundAddress | null;
}

/**
 * Runs `stop` once when it is time to stop: SIGINT, SIGTERM, and — given a link — the host's
 * `shutdown` message or the host going away.
 */
export function stopOnce(proc: NodeJS.Process, link: HostLink | null, stop: () => void): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  proc.once('SIGINT', once);
  proc.once('SIGTERM', once);
  link?.onMessage((message) => {
    if (message.type === 'shutdown') once();
  });
  link?.onHostGone(once);
}

/**
 * Sends `ready` with the bound port to the host (or over a bare IPC channel when the service runs
 * standalone, for whoever forked it), then arranges for `shutdown` to run once when it is time to stop.
 */
export function serveUntilStopped(proc: NodeJS.Process, link: HostLink, ready: { service: 'mcp' | 'api'; port: number }, shutdown: () => Promise<void>): void {
  link.send({ type: 'ready', ...ready });
  if (!link.attached && proc.send) proc.send({ type: 'ready', ...ready });
  stopOnce(proc, link, () => void shutdown());
}

/**
 * The link of a service entry to its host: none under PERSONA_MCP_STANDALONE=1 (an IPC channel
 * exists but no host answers on it). Made before the core, which needs it to reach the job owner.
 */
export function serviceHostLink(proc: NodeJS.Process): HostLink {
  return createHostLink(proc.env.PERSONA_MCP_STANDALONE === '1' ? null : hostIpcPort(proc));
}

/** What `serveService` runs. */
export interface ServedService {
  service: 'mcp' | 'api';
  /** The open core (closed by the shutdown). */
  core: CoreContext;
  /** The link to the host (`serviceHostLink`; detached when standalone). */
  link: HostLink;
  /** Creates the service over the link to the host (a detached link when standalone). */
  create(link: HostLink): NetworkService;
  /** The URL announced once listening. */
  url(bound: BoundAddress): string;
}

/**
 * Relays domain events over the link, starts the background jobs when this process owns them and
 * answers the job actions the host relays (ADR 0008), starts the service, announces it (log and a
 * stable stderr line for callers that start it with port 0 and no IPC channel), and on stop closes
 * relay, service, link and core in that order and exits 0.
 */
export async function serveService(proc: NodeJS.Process, served: ServedService): Promise<void> {
  const { service: name, core, link } = served;
  const log = getLogger(name);
  const stopRelay = relayDomainEvents(core, link, `${name}:${proc.pid}`);
  const stopAnswering = answerJobRequests(core, link);
  core.startJobs();
  const service = served.create(link);
  const bound = await service.start();
  const url = served.url(bound);
  log.info({ url }, 'ready');
  proc.stderr.write(`persona-mcp ${name}: listening on ${url}\n`);
  serveUntilStopped(proc, link, { service: name, port: bound.port }, async () => {
    stopRelay();
    stopAnswering();
    await service.stop();
    link.close();
    await core.close();
    proc.exit(0);
  });
}

/**
 * Runs an entry's `main`; when it fails, logs `<what> failed to start` as fatal on `log`, writes
 * `<prefix>: <message>` to stderr and exits 1.
 */
export function runEntry(proc: NodeJS.Process, failure: { log: ModuleLogger; what: string; prefix: string }, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    failure.log.fatal({ err }, `${failure.what} failed to start`);
    proc.stderr.write(`${failure.prefix}: ${err instanceof Error ? err.message : String(err)}\n`);
    proc.exit(1);
  });
}
