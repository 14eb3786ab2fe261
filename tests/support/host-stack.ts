// A whole stack under one host for integration tests, nothing of our own faked: a temp data dir seeded
// with Aria and Kira, bot configurations against the in-repo Matrix homeserver, the real mcp and api
// services and the bot supervisor as --server wires it, and a connected MCP WebSocket client.
import { createPersonaClient, type PersonaClient } from '../../src/core/client/index.ts';
import { createCore, setBotConfig } from '../../src/core/index.ts';
import { createBotsFactory } from '../../src/main/bots/index.ts';
import { createForkLauncher, createHost, type Host, type HostInfo } from '../../src/main/host/index.ts';
import { AppConfigSchema } from '../../src/shared/index.ts';
import { startTestHomeserver, type TestHomeserver } from './matrix-homeserver/index.ts';

/** A bot to configure before the host starts: the seed persona's name and how its account logs in. */
export interface StackBot {
  persona: 'Aria' | 'Kira';
  login: 'access_token' | 'password';
  /** Started by the host at start-up (default false). */
  autostart?: boolean;
}

/** The running stack; `ids` maps a seed persona's name to its id. */
export interface HostStack {
  hs: TestHomeserver;
  host: Host;
  info: HostInfo;
  client: PersonaClient;
  ids: Record<'Aria' | 'Kira', string>;
  close(): Promise<void>;
}

/** Starts the homeserver, configures `bots`, starts the host on port 0 and connects a client. */
export async function startHostStack(dataDir: string, bots: readonly StackBot[]): Promise<HostStack> {
  const hs = await startTestHomeserver();
  const config = AppConfigSchema.parse({ data_dir: dataDir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' } });
  const setup = await createCore({ config, migrate: true, seed: true });
  const idOf = (name: string) => (setup.db.sqlite.prepare('SELECT id FROM personas WHERE name = ?').get(name) as { id: string }).id;
  const ids = { Aria: idOf('Aria'), Kira: idOf('Kira') };
  for (const bot of bots) {
    const user = hs.registerUser(bot.persona.toLowerCase(), { displayName: bot.persona });
    const login = bot.login === 'access_token' ? { access_token: user.accessToken } : { password: user.password };
    await setBotConfig(setup, ids[bot.persona], { homeserver_url: hs.url, user_id: user.userId, ...login, ...(bot.autostart ? { autostart: true } : {}) } as Parameters<typeof setBotConfig>[2]);
  }
  await setup.close();
  const factory = createBotsFactory({ config });
  const host = createHost({ config, launcher: createForkLauncher(), log: () => {}, ...(factory ? { bots: factory.factory } : {}) });
  const info = await host.start();
  const client = createPersonaClient({ url: info.urls.mcp });
  await client.connect();
  return {
    hs, host, info, client, ids,
    async close() {
      await client.close();
      await host.stop();
      await hs.close();
    },
  };
}
