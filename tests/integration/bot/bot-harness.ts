// The whole bot stack for integration tests: a real mcp service on port 0 over a temp data dir
// (scripted LLM as its Ollama), the test homeserver, and real bot processes started by the
// supervisor through the fork launcher. Nothing of our own is faked.
import { fileURLToPath } from 'node:url';
import { AppConfigSchema, type BotConfigInput, type BotLogLine, type BotStatus } from '../../../src/shared/index.ts';
import { createCore, listBotConfigs, setBotConfig, type CoreContext } from '../../../src/core/index.ts';
import { createMcpService, type McpService } from '../../../src/services/mcp/index.ts';
import { createForkLauncher, type BotController } from '../../../src/main/host/index.ts';
import { createBotSupervisor } from '../../../src/main/bots/index.ts';
import { startTestHomeserver, type TestHomeserver, type TestUser } from '../../support/matrix-homeserver/index.ts';
import { createScriptedLlmServer, type Script, type ScriptedLlmServer } from '../../support/scripted-llm-server.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Absolute path of the bot entry. */
export const BOT_ENTRY = fileURLToPath(new URL('../../../src/services/bot/entry.ts', import.meta.url));

/** The persona a scripted request was for (from the default system prompt "You are X."). */
export const personaOf = (req: Parameters<Script>[0]): string => /You are ([^.\n]+)\./.exec(req.messages[0]?.content ?? '')?.[1] ?? '';

/** A running stack. */
export interface BotStack {
  hs: TestHomeserver;
  llm: ScriptedLlmServer;
  core: CoreContext;
  mcp: McpService;
  mcpUrl: string;
  dataDir: string;
  supervisor: BotController;
  statuses: BotStatus[];
  logs: BotLogLine[];
  users: { aria: TestUser; kira: TestUser; bob: TestUser; carol: TestUser };
  /** Ids of the seeded personas. */
  personas: { aria: string; kira: string };
  /** Stores a bot configuration for a seeded persona. */
  configure(persona: 'aria' | 'kira', input: Partial<BotConfigInput>): Promise<void>;
  /** Stops the mcp service, runs `whileDown`, then serves again on the same port. */
  restartMcp(whileDown: () => Promise<void>): Promise<void>;
  /** Resolves once the bot's status satisfies `match` (checked on every status change). */
  waitForStatus(personaId: string, match: (s: BotStatus) => boolean, timeoutMs?: number): Promise<BotStatus>;
  close(): Promise<void>;
}

/** Starts the stack; `script` answers the persona's LLM requests (unless `offline`: no LLM, the offline responder answers). */
export async function startBotStack(script: Script, options: { offline?: boolean } = {}): Promise<BotStack> {
  const temp = makeTempDir('persona-mcp-bot-');
  const llm = await createScriptedLlmServer({ script });
  const config = AppConfigSchema.parse({
    data_dir: temp.dir, log: { level: 'silent' }, server: { mcp_port: 0 },
    llm: options.offline ? { provider: 'offline' } : { provider: 'ollama', base_url: llm.ollamaUrl, model: 'llama3.1:8b', timeout_ms: 10_000 },
  });
  const core = await createCore({ config, migrate: true });
  let mcp = createMcpService({ core, timings: { graceMs: 200 } });
  const { port } = await mcp.start();
  const mcpUrl = `ws://127.0.0.1:${port}/mcp`;
  const hs = await startTestHomeserver();
  const users = {
    aria: hs.registerUser('aria', { displayName: 'Aria' }),
    kira: hs.registerUser('kira', { displayName: 'Kira' }),
    bob: hs.registerUser('bob', { displayName: 'Bob' }),
    carol: hs.registerUser('carol', { displayName: 'Carol' }),
  };
  const personaList = await core.db.sqlite.prepare('SELECT id, name FROM personas').all() as { id: string; name: string }[];
  const personas = {
    aria: personaList.find((p) => p.name === 'Aria')?.id as string,
    kira: personaList.find((p) => p.name === 'Kira')?.id as string,
  };
  const { token } = await core.tokens.issue('bots', ['read', 'chat', 'write']);
  const statuses: BotStatus[] = [];
  const logs: BotLogLine[] = [];
  const supervisor = createBotSupervisor({
    launcher: createForkLauncher(), dataDir: temp.dir, mcpUrl, mcpToken: token, entry: BOT_ENTRY,
    env: { PATH: process.env.PATH ?? '', PERSONA_MCP_LOG_LEVEL: process.env.BOT_LOG_LEVEL ?? 'info' },
    listConfigs: () => listBotConfigs(core),
    log: (line) => { if (process.env.BOT_TEST_VERBOSE) console.log(line); },
  });
  const waiters = new Set<() => void>();
  supervisor.onStatus((s) => {
    statuses.push(s);
    for (const w of [...waiters]) w();
  });
  supervisor.onLog((l) => logs.push(l));
  return {
    hs, llm, core, mcpUrl,
    get mcp() { return mcp; },
    async restartMcp(whileDown) {
      await mcp.stop();
      await whileDown();
      mcp = createMcpService({ core, config: { ...config, server: { ...config.server, mcp_port: port } }, timings: { graceMs: 200 } });
      await mcp.start();
    }, dataDir: temp.dir, supervisor, statuses, logs, users, personas,
    async configure(persona, input) {
      const user = users[persona];
      await setBotConfig(core, personas[persona], {
        homeserver_url: hs.url, user_id: user.userId, access_token: user.accessToken, ...input,
      } as BotConfigInput);
    },
    waitForStatus(personaId, match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const s = [...statuses].reverse().find((x) => x.persona_id === personaId);
          if (s && match(s)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(s);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`bot ${personaId} status not reached within ${timeoutMs} ms; last: ${JSON.stringify(statuses.filter((x) => x.persona_id === personaId).at(-1))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await supervisor.shutdown();
      await hs.close();
      await mcp.stop();
      await core.close();
      await llm.close();
      temp.cleanup();
    },
  };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 25 ms; throws when it is not met within `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}
