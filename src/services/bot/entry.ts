// Entry of a bot process (one per persona): reads its BotConfig and credentials through the core,
// logs in to the homeserver, connects to the mcp service, reports `ready` and, after the first
// sync, `bot-progress {synced:true}`. The only file of the bot that touches process, argv and env.
import { join } from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  botCredentials, configureLogging, createCore, getBotConfig, getLogger, loadConfig, loadOrCreateKeyFile, parseSecretKey, storeBotAccessToken,
  type CoreContext, type LogLevel,
} from '../../core/index.ts';
import { createPersonaClient, type PersonaClient } from '../../core/client/index.ts';
import { AppError } from '../../shared/index.ts';
import { createHostLink, hostIpcPort, runEntry, stopOnce } from '../runtime/index.ts';
import { classifyStartFailure, loginBot, type BotLoginInput, type BotSession } from './bot-login.ts';
import { botStateFile, createJsonBotStateStore } from './bot-state-store.ts';
import { createCryptoStorePersistence, type IdbFactory } from './crypto-store.ts';
import { createMatrixBot, type MatrixBot } from './matrix-bot.ts';
import { createSdkTransport } from './matrix-transport.ts';

const log = getLogger('bot');
const NON_CONFIG_ENV = ['PERSONA_MCP_MCP_TOKEN', 'PERSONA_MCP_SECRET_KEY', 'PERSONA_MCP_MCP_URL', 'PERSONA_MCP_BOT_KNOWN_BOTS'];

/** matrix-js-sdk logs through `console` (looked up at call time): send it to the bot logger instead. */
function routeConsoleToLogger(): void {
  const sdk = getLogger('matrix-sdk');
  const to = (level: 'trace' | 'debug') => (...args: unknown[]) => sdk[level](format(...args).slice(0, 2000));
  console.log = to('trace');
  console.info = to('trace');
  console.debug = to('trace');
  console.trace = to('trace');
  console.warn = to('debug');
  console.error = to('debug');
}

async function connectWithRetry(client: PersonaClient, isStopping: () => boolean): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.connect();
      return;
    } catch (err) {
      if (isStopping() || (err instanceof AppError && (err.code === 'UNAUTHORIZED' || err.code === 'FORBIDDEN'))) throw err;
      const delay = Math.min(5_000, 200 * 2 ** attempt);
      log.warn({ err: (err as Error).message, retry_in_ms: delay }, 'mcp service not reachable yet');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Start retries while the homeserver is unreachable: 1 s doubling to 60 s, for as long as the bot runs. */
const WAIT_INITIAL_MS = 1_000;
const WAIT_MAX_MS = 60_000;

/** Errors of the homeserver refusing the bot's credentials (the start fails at once, no retry). */
const refusedByHomeserver = new WeakSet<object>();

/** Logs in, reporting `waiting` to the host and retrying while the homeserver cannot be reached. */
async function loginWhenReachable(input: BotLoginInput, report: (detail: string) => void, isStopping: () => boolean): Promise<BotSession> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await loginBot(input);
    } catch (err) {
      const failure = classifyStartFailure(err, input.homeserverUrl);
      if (err instanceof AppError && err.code === 'UNAUTHORIZED') refusedByHomeserver.add(err);
      if (failure.kind === 'fatal' || isStopping()) throw err;
      const delay = Math.min(WAIT_MAX_MS, WAIT_INITIAL_MS * 2 ** attempt);
      log.warn({ reason: failure.message, retry_in_ms: delay }, 'homeserver not reachable; waiting');
      report(failure.message);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function main(): Promise<void> {
  routeConsoleToLogger();
  log.debug({ process_ms: Math.round(process.uptime() * 1000) }, 'modules loaded');
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'data-dir': { type: 'string' }, 'persona-id': { type: 'string' }, 'mcp-url': { type: 'string' },
      'known-bots': { type: 'string' }, 'log-level': { type: 'string' },
    },
    strict: true,
  });
  const personaRef = values['persona-id'];
  const mcpUrl = values['mcp-url'] ?? process.env.PERSONA_MCP_MCP_URL;
  if (!personaRef || !mcpUrl) throw new Error('usage: bot --persona-id <id> --mcp-url ws://127.0.0.1:8000/mcp [--data-dir <dir>] [--known-bots @a:x,@b:y]');
  // Process inputs that are not config keys stay out of the config loader (it rejects unknown keys).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !NON_CONFIG_ENV.includes(k)));
  const { config } = loadConfig({ env, flags: values['data-dir'] ? { data_dir: values['data-dir'] } : {} });
  configureLogging({ level: (values['log-level'] as LogLevel | undefined) ?? config.log.level, process: `bot:${personaRef}` });
  const secretKey = process.env.PERSONA_MCP_SECRET_KEY ? parseSecretKey(process.env.PERSONA_MCP_SECRET_KEY) : undefined;
  const core: CoreContext = await createCore({ config, migrate: false, seed: false, ...(secretKey ? { secretKey } : {}) });
  const link = createHostLink(hostIpcPort(process));
  // An error that ends the process later (after ready) is reported too: the host's last_error is
  // this reason, not whatever log line happened to come last.
  const die = (err: unknown) => {
    log.fatal({ err }, 'bot crashed');
    link.send({ type: 'fatal', error: (err instanceof Error ? err.message : String(err)).slice(0, 1024), retry: true });
    setTimeout(() => process.exit(1), 100);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  try {
    await run(values, config, core, link, secretKey);
  } catch (err) {
    // The host's last_error is this reason; the homeserver refusing the password or token cannot
    // heal by retrying (other failures, the mcp service's included, are crashes the host retries).
    const failure = err instanceof AppError && refusedByHomeserver.has(err)
      ? { message: err.message, retry: false }
      : { message: classifyStartFailure(err, '').message, retry: true };
    link.send({ type: 'fatal', error: failure.message.slice(0, 1024), retry: failure.retry });
    await new Promise((r) => setTimeout(r, 100)); // lets the IPC message leave before the exit
    throw err;
  }
}

type Values = { 'persona-id'?: string | undefined; 'mcp-url'?: string | undefined; 'known-bots'?: string | undefined };

async function run(values: Values, config: ReturnType<typeof loadConfig>['config'], core: CoreContext, link: ReturnType<typeof createHostLink>, secretKey: Buffer | undefined): Promise<void> {
  const personaRef = values['persona-id'] as string;
  const mcpUrl = (values['mcp-url'] ?? process.env.PERSONA_MCP_MCP_URL) as string;
  let bot: MatrixBot | null = null;
  let client: PersonaClient | null = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    // Replies in progress get 3 s, inside the supervisor's 5 s grace before SIGKILL.
    await bot?.stop(3_000).catch(() => undefined);
    await client?.close().catch(() => undefined);
    link.close();
    await core.close().catch(() => undefined);
    process.exit(code);
  };
  stopOnce(process, link, () => void stop());

  const botConfig = await getBotConfig(core, personaRef);
  if (!botConfig) throw new AppError('BOT_NOT_CONFIGURED', `persona ${personaRef} has no bot configuration`, { details: { persona_id: personaRef } });
  const personaId = botConfig.persona_id;
  const creds = botCredentials(core, personaId);
  const store = createJsonBotStateStore(botStateFile(config.data_dir, personaId));
  const session = await loginWhenReachable({
    homeserverUrl: botConfig.homeserver_url, userId: botConfig.user_id, deviceId: botConfig.device_id ?? store.load().device_id,
    ...(creds.access_token ? { accessToken: creds.access_token } : {}), ...(creds.password ? { password: creds.password } : {}),
    storeToken: (token) => storeBotAccessToken(core, personaId, token),
  }, (detail) => link.send({ type: 'waiting', detail }), () => stopping);
  if (session.fresh) log.info({ user_id: botConfig.user_id }, 'logged in with the password; access token stored');
  let crypto: Parameters<typeof createSdkTransport>[0]['crypto'] = null;
  // Rust crypto keeps its store in IndexedDB: in memory here (fake-indexeddb sets globalThis.indexedDB,
  // IDBKeyRange…), persisted into a sealed file. Without it the bot runs, says so, and notices rooms.
  const idbLoaded = botConfig.encryption && session.deviceId
    ? await import('fake-indexeddb/auto').then(() => true, (err: unknown) => {
      log.error({ err }, 'cannot load fake-indexeddb (a production dependency of the bot): encryption is off');
      return false;
    })
    : false;
  if (idbLoaded && session.deviceId) {
    const persistence = createCryptoStorePersistence({
      file: join(config.data_dir, 'bots', personaId, 'crypto-store.sealed'), key: secretKey ?? loadOrCreateKeyFile(config.data_dir),
      userId: botConfig.user_id, deviceId: session.deviceId, idb: (globalThis as unknown as { indexedDB: IdbFactory }).indexedDB, log: getLogger('bot.crypto'),
    });
    crypto = { persistence, databasePrefix: `persona-bot-${personaId}` };
  } else if (botConfig.encryption && !session.deviceId) {
    log.warn({ user_id: botConfig.user_id }, 'the homeserver reported no device for this session; encryption is off');
  } else if (!botConfig.encryption) {
    log.info({ user_id: botConfig.user_id }, 'encryption is off (bot setting); encrypted messages get a notice');
  }

  const token = process.env.PERSONA_MCP_MCP_TOKEN;
  client = createPersonaClient({ url: mcpUrl, ...(token ? { token } : {}), reconnect: { initialMs: 200, maxMs: 5_000 } });
  client.on('state', (state, info) => {
    if (state === 'reconnecting') log.warn({ attempt: info.attempt, delay_ms: info.delayMs }, 'mcp connection lost; reconnecting');
    if (state === 'open') log.info('mcp connection open');
    // Closed for good (token revoked, 1008): exit so the supervisor restarts or reports the bot failed.
    if (state === 'closed' && !stopping) {
      log.error({ close_code: info.closeCode }, 'mcp service closed the connection for good');
      void stop(1);
    }
  });
  await connectWithRetry(client, () => stopping);
  const { persona } = await client.call<{ persona: { name: string } }>('persona.get', { persona_id: personaId });
  const personaName = persona.name;

  const knownBots = (values['known-bots'] ?? process.env.PERSONA_MCP_BOT_KNOWN_BOTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  bot = createMatrixBot({
    config: botConfig, personaId, personaName, knownBots, log: getLogger('bot.matrix'),
    transport: createSdkTransport({ baseUrl: botConfig.homeserver_url, userId: botConfig.user_id, accessToken: session.accessToken, deviceId: session.deviceId, crypto }),
    persona: client,
    store,
    deviceId: session.deviceId,
    onSyncState: (synced, detail) => {
      if (synced) log.info({ user_id: botConfig.user_id, process_ms: Math.round(process.uptime() * 1000) }, 'synced');
      link.send({ type: 'bot-progress', persona_id: personaId, synced, ...(detail ? { detail } : {}) });
    },
  });
  link.send({ type: 'ready', service: 'bot', persona_id: personaId });
  await bot.start();
  log.info({ persona: personaName, user_id: botConfig.user_id, process_ms: Math.round(process.uptime() * 1000) }, 'bot started');
}

runEntry(process, { log, what: 'bot', prefix: 'persona-mcp bot' }, main);
