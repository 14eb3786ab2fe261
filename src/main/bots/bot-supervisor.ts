// The bot supervisor (BotController): one child process per running bot, started by entry path
// through the host's Launcher and supervised by the host's generic ChildSupervisor (ready
// handshake, restart with backoff, give up after N crashes). Adds what is bot-specific: `synced`
// from `bot-progress`, per-bot rotated log files, known_bots, and status/log listeners.
import { AppError, type BotConfig, type BotLogLine, type BotStatus } from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import { createChildSupervisor, type BotController, type ChildSupervisor, type Launcher, type RestartPolicy } from '../host/index.ts';
import { formatLogLine } from './log-line.ts';
import { botLogFile, DEFAULT_LOG_ROTATION, openBotLogFile, type BotLogFile, type LogRotation } from './bot-log-files.ts';

const log = getLogger('host.bots');

/** Options of createBotSupervisor. */
export interface BotSupervisorOptions {
  launcher: Launcher;
  dataDir: string;
  /** `ws://host:port/mcp` of the running mcp service. */
  mcpUrl: string;
  /** Token the bots present to the mcp service (PERSONA_MCP_MCP_TOKEN), e.g. core.tokens.issue('bots', ['read','chat','write']). */
  mcpToken?: string | null;
  /** Base64 key of the secret store (PERSONA_MCP_SECRET_KEY), when the data dir's key file is not used. */
  secretKey?: string | null;
  /** Environment of every bot child (merged under the variables above). */
  env?: Record<string, string>;
  /** Absolute path of src/services/bot/entry.ts. */
  entry: string;
  /** Every stored bot configuration (listBotConfigs of a core). */
  listConfigs: () => Promise<BotConfig[]>;
  /** Receives every child output line prefixed with `[bot:<persona_id>]`; default the host logger. */
  log?: (line: string) => void;
  policy?: Partial<RestartPolicy>;
  rotation?: Partial<LogRotation>;
  /** Extra args for every bot (e.g. `--log-level debug`). */
  extraArgs?: string[];
}

interface BotEntry {
  sup: ChildSupervisor;
  synced: boolean;
  autostart: boolean;
  logFile: BotLogFile;
}

/** Restart policy of bots: back within ~1 s after a crash, give up at 5 crashes per 2 minutes. */
/** How long `start` waits for the bot to be ready before it answers with the current status. */
const START_ANSWER_MS = 5000;

/** How long a bot stopped for its persona's deletion refuses to start (the delete ends well within). */
const DELETE_HOLD_MS = 60_000;

export const BOT_RESTART_POLICY: Partial<RestartPolicy> = { readyTimeoutMs: 30_000, backoffInitialMs: 250, backoffMaxMs: 5_000, maxCrashes: 5, crashWindowMs: 120_000, stopGraceMs: 5_000 };

/** Creates the supervisor; no bot starts before start()/startAll()/startOnLaunch(). */
export function createBotSupervisor(options: BotSupervisorOptions): BotController {
  const bots = new Map<string, BotEntry>();
  const statusListeners = new Set<(s: BotStatus) => void>();
  const logListeners = new Set<(l: BotLogLine) => void>();
  const rotation: LogRotation = { ...DEFAULT_LOG_ROTATION, ...options.rotation };
  const output = options.log ?? ((line: string) => log.info(line));
  let knownBots: string[] = [];
  /** Persona id → when its bot was stopped because the persona is being deleted. */
  const deleting = new Map<string, number>();
  const live = (entry: BotEntry) => !['stopped', 'failed'].includes(entry.sup.status().state);

  const findConfig = async (personaId: string): Promise<BotConfig> => {
    const configs = await options.listConfigs();
    knownBots = configs.map((c) => c.user_id);
    const config = configs.find((c) => c.persona_id === personaId);
    if (!config) throw new AppError('BOT_NOT_CONFIGURED', `Persona ${personaId} has no bot configuration`, { details: { persona_id: personaId } });
    return config;
  };

  const statusOf = (personaId: string, entry: BotEntry | undefined, autostart = false): BotStatus => {
    if (!entry) return { persona_id: personaId, state: 'stopped', pid: null, started_at: null, uptime_ms: 0, restarts: 0, last_error: null, synced: false, autostart };
    const s = entry.sup.status();
    return {
      persona_id: personaId, state: s.state, pid: s.pid, started_at: s.started_at,
      uptime_ms: s.started_at ? Math.max(0, Date.now() - Date.parse(s.started_at)) : 0,
      restarts: s.restarts, last_error: s.last_error, synced: s.state === 'running' && entry.synced, autostart: entry.autostart,
    };
  };
  const publish = (personaId: string) => {
    const status = statusOf(personaId, bots.get(personaId));
    for (const l of [...statusListeners]) l(status);
  };
  const writeLog = (personaId: string, entry: BotEntry, stream: BotLogLine['stream'], line: string) => {
    const record: BotLogLine = { persona_id: personaId, at: new Date().toISOString(), stream, line: line.slice(0, 8192) };
    try {
      entry.logFile.append(record);
    } catch (err) {
      log.warn({ err: (err as Error).message, persona_id: personaId }, 'cannot write bot log file');
    }
    for (const l of [...logListeners]) l(record);
  };

  const entryFor = (config: BotConfig): BotEntry => {
    const personaId = config.persona_id;
    const existing = bots.get(personaId);
    if (existing) {
      existing.autostart = config.autostart;
      return existing;
    }
    const name = `bot:${personaId}`;
    const prefix = `[${name}] `;
    const logFile = openBotLogFile(botLogFile(options.dataDir, personaId), rotation);
    const entry: BotEntry = { sup: null as unknown as ChildSupervisor, synced: false, autostart: config.autostart, logFile };
    const sup = createChildSupervisor({
      name,
      launcher: options.launcher,
      policy: { ...BOT_RESTART_POLICY, ...options.policy },
      isReady: (m) => m.service === 'bot',
      output: (line) => {
        output(line);
        writeLog(personaId, entry, 'stderr', formatLogLine(line.startsWith(prefix) ? line.slice(prefix.length) : line));
      },
      spec: () => {
        const others = knownBots.filter((id) => id !== config.user_id);
        const env: Record<string, string> = { ...options.env, PERSONA_MCP_DATA_DIR: options.dataDir };
        if (options.mcpToken) env.PERSONA_MCP_MCP_TOKEN = options.mcpToken;
        if (options.secretKey) env.PERSONA_MCP_SECRET_KEY = options.secretKey;
        const args = ['--data-dir', options.dataDir, '--persona-id', personaId, '--mcp-url', options.mcpUrl, ...(options.extraArgs ?? [])];
        if (others.length) args.push('--known-bots', others.join(','));
        return { name, entry: options.entry, args, env };
      },
    });
    entry.sup = sup;
    let lastState = sup.status().state;
    sup.onChange((s) => {
      if (s.state !== 'running') entry.synced = false;
      if (s.state !== lastState) {
        writeLog(personaId, entry, 'supervisor', `state ${lastState} → ${s.state}${s.last_error && s.state !== 'running' ? ` (${s.last_error})` : ''}`);
        lastState = s.state;
      }
      publish(personaId);
    });
    sup.onMessage((m) => {
      if (m.type === 'bot-progress' && m.synced !== entry.synced) {
        entry.synced = m.synced;
        writeLog(personaId, entry, 'supervisor', m.synced ? 'synced with the homeserver' : `lost the homeserver sync${m.detail ? ` (${m.detail})` : ''}`);
        publish(personaId);
      }
    });
    bots.set(personaId, entry);
    return entry;
  };

  const start = async (personaId: string): Promise<BotStatus> => {
    const held = deleting.get(personaId);
    if (held !== undefined && Date.now() - held < DELETE_HOLD_MS) {
      throw new AppError('CONFLICT', `The persona ${personaId} is being deleted; its bot does not start`, { details: { persona_id: personaId, reason: 'deleting' } });
    }
    const config = await findConfig(personaId);
    if (!config.enabled) throw new AppError('CONFLICT', `The bot of persona ${personaId} is disabled`, { details: { persona_id: personaId, reason: 'disabled' } });
    const entry = entryFor(config);
    const started = entry.sup.start().catch((err: unknown) => log.warn({ persona_id: personaId, err: (err as Error).message }, 'bot did not start'));
    // Answer within START_ANSWER_MS even when the bot is slow to get ready (or keeps crashing), and
    // at once when it is `waiting` for its homeserver: the caller follows the status events.
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe: () => void = () => undefined;
    const waiting = new Promise((resolve) => {
      unsubscribe = entry.sup.onChange((s) => { if (s.state === 'waiting') resolve(s); });
    });
    await Promise.race([started, waiting, new Promise((resolve) => { timer = setTimeout(resolve, START_ANSWER_MS); })]);
    clearTimeout(timer);
    unsubscribe();
    return statusOf(personaId, entry);
  };
  const stop = async (personaId: string): Promise<BotStatus> => {
    const entry = bots.get(personaId);
    if (!entry) {
      await findConfig(personaId);
      return statusOf(personaId, undefined);
    }
    await entry.sup.stop();
    return statusOf(personaId, entry);
  };
  const stopForDelete = async (personaId: string) => {
    deleting.set(personaId, Date.now());
    const entry = bots.get(personaId);
    if (!entry) return { persona_id: personaId, stopped: false };
    const wasRunning = entry.sup.status().pid !== null;
    await entry.sup.stop();
    const after = entry.sup.status();
    if (after.pid !== null || live(entry)) {
      deleting.delete(personaId);
      throw new AppError('BOT_STOP_FAILED', `The bot of persona ${personaId} did not stop (state ${after.state})`, { details: { persona_id: personaId, cause: after.state } });
    }
    writeLog(personaId, entry, 'supervisor', 'stopped for good: its persona is being deleted');
    bots.delete(personaId);
    publish(personaId);
    return { persona_id: personaId, stopped: wasRunning };
  };

  return {
    async list() {
      const configs = await options.listConfigs();
      const listed = configs.map((c) => statusOf(c.persona_id, bots.get(c.persona_id), c.autostart));
      // A live bot whose configuration is gone (its persona deleted without this host) stays listed until stopped.
      const orphans = [...bots].filter(([id, e]) => live(e) && !configs.some((c) => c.persona_id === id)).map(([id, e]) => statusOf(id, e));
      return [...listed, ...orphans];
    },
    async status(personaId) {
      const entry = bots.get(personaId);
      if (entry) return statusOf(personaId, entry);
      const config = await findConfig(personaId);
      return statusOf(personaId, undefined, config.autostart);
    },
    start,
    stop,
    stopForDelete,
    async restart(personaId) {
      await stop(personaId);
      return start(personaId);
    },
    async logs(personaId, limit) {
      const entry = bots.get(personaId);
      if (!entry) await findConfig(personaId);
      const file = entry?.logFile ?? openBotLogFile(botLogFile(options.dataDir, personaId), rotation);
      return file.tail(Math.max(0, Math.min(limit, 10_000)));
    },
    async startAll() {
      const configs = (await options.listConfigs()).filter((c) => c.enabled);
      return Promise.all(configs.map((c) => start(c.persona_id)));
    },
    async stopAll() {
      const configs = await options.listConfigs();
      await Promise.all([...bots.keys()].map((id) => stop(id)));
      return configs.map((c) => statusOf(c.persona_id, bots.get(c.persona_id), c.autostart));
    },
    async startOnLaunch() {
      const configs = (await options.listConfigs()).filter((c) => c.enabled && c.autostart);
      await Promise.all(configs.map((c) => start(c.persona_id)));
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    async shutdown() {
      await Promise.all([...bots.values()].map((e) => e.sup.stop()));
    },
  };
}
