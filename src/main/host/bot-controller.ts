// The host's view of the Matrix bot supervisor (src/main/bots implements it): the host routes the
// api service's `bot.*` requests here and forwards status and log lines to the api service.
import type { BotLogLine, BotStatus } from '../../shared/index.ts';

/** Controls one bot process per persona. Methods reject with AppError (BOT_NOT_CONFIGURED, PERSONA_NOT_FOUND…). */
export interface BotController {
  /** Status of every configured bot. */
  list(): Promise<BotStatus[]>;
  status(personaId: string): Promise<BotStatus>;
  start(personaId: string): Promise<BotStatus>;
  stop(personaId: string): Promise<BotStatus>;
  restart(personaId: string): Promise<BotStatus>;
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
}
