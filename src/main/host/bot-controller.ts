// The host's view of the Matrix bot supervisor (src/main/bots implements it): the host routes the
// api service's `bot.*` requests here and forwards status and log lines to the api service.
import type { AppConfig, BotLogLine, BotStatus, BotStopForDeleteResult, DomainEvent } from '../../shared/index.ts';
import type { CoreContext } from '../../core/index.ts';
import type { Launcher } from './launcher.ts';

/** Controls one bot process per persona. Methods reject with AppError (BOT_NOT_CONFIGURED, PERSONA_NOT_FOUND…). */
export interface BotController {
  /** Status of every configured bot. */
  list(): Promise<BotStatus[]>;
  status(personaId: string): Promise<BotStatus>;
  start(personaId: string): Promise<BotStatus>;
  stop(personaId: string): Promise<BotStatus>;
  restart(personaId: string): Promise<BotStatus>;
  /**
   * Stops the persona's bot (its persona is being deleted) and forgets it: no restart, no list
   * entry, no start for a while. `stopped` says whether a live process was stopped; resolves
   * `{stopped:false}` when none runs (with or without a configuration). Rejects BOT_STOP_FAILED.
   */
  stopForDelete(personaId: string): Promise<BotStopForDeleteResult>;
  /** The last `limit` log lines of a bot (from its rotated log files). */
  logs(personaId: string, limit: number): Promise<BotLogLine[]>;
  startAll(): Promise<BotStatus[]>;
  stopAll(): Promise<BotStatus[]>;
  /** Starts the bots whose configuration has `autostart` (called once the services are ready). */
  startOnLaunch(): Promise<void>;
  onStatus(listener: (status: BotStatus) => void): () => void;
  onLog(listener: (line: BotLogLine) => void): () => void;
  /** Stops every bot and waits for the processes to exit (host shutdown). */
  shutdown(): Promise<void>;
  /**
   * Optional: hands a domain event relayed by the host (from a service) to every running bot, as
   * a HostMessage `event`. Bots also see events over their MCP subscription, so this may be absent.
   */
  relayEvent?(event: DomainEvent): void;
}

/**
 * What the host hands a bot supervisor factory once the services are ready. createHost always
 * sets every field; all but the first two are optional so a factory can be called by hand.
 */
export interface BotControllerContext {
  /** `ws://host:port/mcp` of the running mcp service (bots are its MCP clients). */
  mcpUrl: string;
  /** The install token when the services require one, else null. */
  token: string | null;
  config?: AppConfig;
  /** The host's core (open until the host stopped): bot configurations are read with it. */
  core?: CoreContext;
  /** The launcher the host starts its services with. */
  launcher?: Launcher;
  /** The environment the host gives its services (inherited env, flags, data dir, secret key). */
  env?: Record<string, string>;
  /** Base64 key of the secret store when the caller gave one (desktop), else null. */
  secretKey?: string | null;
  /** The host's sink for `[name] line` child output, when its caller gave one. */
  log?: (line: string) => void;
}
