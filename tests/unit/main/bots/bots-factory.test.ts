import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotsFactory, type BotsFactory, type BotsFactoryOptions } from '../../../../src/main/bots/index.ts';
import { SERVICE_ENTRIES, type ChildHandle, type LaunchSpec, type Launcher } from '../../../../src/main/host/index.ts';
import { createCore, loadConfig, setBotConfig } from '../../../../src/core/index.ts';
import { BotConfigInputSchema } from '../../../../src/shared/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// A launcher whose children answer the ready handshake at once and exit when killed.
function readyLauncher(launched: LaunchSpec[]): Launcher {
  return {
    launch(spec) {
      launched.push(spec);
      const messageListeners: ((m: unknown) => void)[] = [];
      const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
      const personaId = spec.name.replace(/^bot:/, '');
      setImmediate(() => {
        for (const l of messageListeners) l({ type: 'ready', service: 'bot', persona_id: personaId });
      });
      const handle: ChildHandle = {
        pid: 4000 + launched.length,
        stdout: null,
        stderr: null,
        send: () => true,
        onMessage(listener) {
          messageListeners.push(listener);
          return () => {};
        },
        onExit(listener) {
          exitListeners.push(listener);
        },
        kill(signal = 'SIGTERM') {
          setImmediate(() => {
            for (const l of exitListeners) l(null, signal);
          });
        },
      };
      return handle;
    },
  };
}

// The real bot entry exists in this tree, so the factory is always made here.
function botsFactory(options: BotsFactoryOptions): BotsFactory {
  const made = createBotsFactory(options);
  if (!made) throw new Error('the bot service entry is missing');
  return made;
}

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = makeTempDir('bots-factory-');
});
afterEach(() => tmp.cleanup());

describe('createBotsFactory', () => {
  it('lists the stored bot configurations, learns display names and starts bots through the given launcher with the secret key', async () => {
    const { config } = loadConfig({ env: { PERSONA_MCP_DATA_DIR: tmp.dir, PERSONA_MCP_LOG_LEVEL: 'silent' } });
    const key = Buffer.alloc(32, 7).toString('base64');
    const setup = await createCore({ config, migrate: true, seed: true, secretKey: Buffer.from(key, 'base64') });
    const input = BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:9', user_id: '@aria:localhost', access_token: 'syt_x', display_name: 'Aria (bot)' });
    await setBotConfig(setup, 'aria', input);
    await setup.close();

    const launched: LaunchSpec[] = [];
    const bots = botsFactory({ config, launcher: readyLauncher(launched), secretKey: key, log: () => {} });
    const controller = await bots.factory({ mcpUrl: 'ws://127.0.0.1:8000/mcp', token: null });
    try {
      const list = await controller.list();
      expect(list.map((s) => [s.persona_id, s.state])).toEqual([[list[0]?.persona_id, 'stopped']]);
      const ariaId = list[0]?.persona_id ?? '';
      expect(bots.nameOf(ariaId)).toBe('Aria (bot)');
      const started = await controller.start(ariaId);
      expect(started.state).toBe('running');
      expect(launched).toHaveLength(1);
      expect(launched[0]?.entry).toBe(SERVICE_ENTRIES.bot);
      expect(launched[0]?.env.PERSONA_MCP_SECRET_KEY).toBe(key);
      expect(launched[0]?.env.PERSONA_MCP_DATA_DIR).toBe(config.data_dir);
    } finally {
      await controller.shutdown();
      await bots.close();
    }
  });

  it('uses the core, launcher and key the host hands over instead of its own', async () => {
    const { config } = loadConfig({ env: { PERSONA_MCP_DATA_DIR: tmp.dir, PERSONA_MCP_LOG_LEVEL: 'silent' } });
    const core = await createCore({ config, migrate: true, seed: true });
    const input = BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:9', user_id: '@kira:localhost', password: 'pw' });
    await setBotConfig(core, 'kira', input);
    const fromOptions: LaunchSpec[] = [];
    const fromHost: LaunchSpec[] = [];
    const bots = botsFactory({ config, launcher: readyLauncher(fromOptions), secretKey: null });
    const controller = await bots.factory({ mcpUrl: 'ws://127.0.0.1:8000/mcp', token: 'tok-1234567890abcdef', core, launcher: readyLauncher(fromHost), log: () => {} });
    try {
      const [kira] = await controller.list();
      expect(bots.nameOf(kira?.persona_id ?? '')).toBeUndefined();
      await controller.start(kira?.persona_id ?? '');
      expect(fromOptions).toEqual([]);
      expect(fromHost).toHaveLength(1);
      // The bots get a token of their own (scoped, reissued per start), not the host's install token.
      const botToken = fromHost[0]?.env.PERSONA_MCP_MCP_TOKEN ?? '';
      expect(botToken).not.toBe('tok-1234567890abcdef');
      expect(core.tokens.verify(botToken)?.scopes).toEqual(['read', 'chat', 'write']);
    } finally {
      await controller.shutdown();
      await bots.close();
      // The host's core stays open for the host to close.
      expect(await core.db.manager.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await core.close();
    }
  });

  it('is null when this build has no bot service entry, so the host runs without bots', () => {
    const { config } = loadConfig({ env: { PERSONA_MCP_DATA_DIR: tmp.dir, PERSONA_MCP_LOG_LEVEL: 'silent' } });
    expect(createBotsFactory({ config, entry: `${tmp.dir}/no-such-entry.ts` })).toBeNull();
    expect(createBotsFactory({ config })).not.toBeNull();
  });
});
