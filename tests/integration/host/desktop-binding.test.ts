// The desktop app's host binding (src/main/electron/host-binding.ts, free of Electron imports) with
// the real mcp and api services and the shared bot factory; the fork launcher stands in for
// Electron's utility processes, recorded on the way through. Nothing of our own is faked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging, createCore, setBotConfig } from '../../../src/core/index.ts';
import type { DesktopHost } from '../../../src/main/desktop/index.ts';
import { createDesktopHost } from '../../../src/main/electron/host-binding.ts';
import { createForkLauncher, SERVICE_ENTRIES, type LaunchSpec, type Launcher } from '../../../src/main/host/index.ts';
import { AppConfigSchema, BotConfigInputSchema } from '../../../src/shared/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/processes.ts';

const temp = makeTempDir('desktop-binding-');
const key = Buffer.alloc(32, 9).toString('base64');
const launched: LaunchSpec[] = [];
let host: DesktopHost;
let ariaId: string;

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  const config = AppConfigSchema.parse({ data_dir: temp.dir, server: { mcp_port: 0, api_port: 0 }, llm: { provider: 'offline' }, log: { level: 'silent' } });
  const setup = await createCore({ config, migrate: true, seed: true, secretKey: Buffer.from(key, 'base64') });
  ariaId = (setup.db.sqlite.prepare(`SELECT id FROM personas WHERE name = 'Aria'`).get() as { id: string }).id;
  const input = BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:9', user_id: '@aria:localhost', access_token: 'syt_x', display_name: 'Aria (bot)' });
  await setBotConfig(setup, ariaId, input);
  await setup.close();
  const fork = createForkLauncher();
  const recording: Launcher = {
    launch(spec) {
      launched.push(spec);
      return fork.launch(spec);
    },
  };
  host = createDesktopHost(config, recording, { PERSONA_MCP_SECRET_KEY: key });
}, 30_000);

afterAll(async () => {
  await host?.stop();
  temp.cleanup();
});

describe('desktop host binding', () => {
  it('starts the services, attaches the bots, and names them for the tray from their configuration', async () => {
    const info = await host.start();
    expect(info.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(host.services().map((s) => `${s.service}:${s.state}`)).toEqual(['mcp:running', 'api:running']);
    // Before the configurations were read the tray has no name; afterwards the configured one.
    expect(host.nameOf?.(ariaId)).toBeUndefined();
    expect((await host.bots.list()).map((s) => [s.persona_id, s.state])).toEqual([[ariaId, 'stopped']]);
    expect(host.nameOf?.(ariaId)).toBe('Aria (bot)');
  }, 60_000);

  it('launches a bot through the desktop launcher with the desktop key and a token of its own', async () => {
    void host.bots.start(ariaId).catch(() => {});
    const spec = await until(() => launched.find((s) => s.name === `bot:${ariaId}`));
    expect(spec.entry).toBe(SERVICE_ENTRIES.bot);
    expect(spec.env.PERSONA_MCP_SECRET_KEY).toBe(key);
    expect(spec.env.PERSONA_MCP_DATA_DIR).toBe(temp.dir);
    expect(spec.env.PERSONA_MCP_MCP_TOKEN).toMatch(/\S{16,}/);
    await host.bots.stop(ariaId);
  }, 30_000);
});
