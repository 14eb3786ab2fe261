// Binds the host (src/main/host) to the DesktopHost interface the shell uses: the same createHost
// as `--server`, with the utility-process launcher for services and bots alike. The only file to
// touch when the host's API changes.
import type { AppConfig } from '../../shared/index.ts';
import { createBotsFactory } from '../bots/index.ts';
import { createHost, type Launcher } from '../host/index.ts';
import type { DesktopHost } from '../desktop/index.ts';

/** Creates the host and adapts it; `env` reaches every child (PERSONA_MCP_SECRET_KEY). */
export function createDesktopHost(config: AppConfig, launcher: Launcher, env: Record<string, string>): DesktopHost {
  // The same bot factory as `--server`; the desktop adds its launcher, key and the tray's names.
  const bots = createBotsFactory({ config, launcher, secretKey: env.PERSONA_MCP_SECRET_KEY ?? null });
  const host = createHost({ config, launcher, env, ...(bots ? { bots: bots.factory } : {}) });
  return {
    async start() {
      const info = await host.start();
      if (!info.apiUrl) {
        await host.stop();
        throw new Error('the api service is not part of this build, so there is no dashboard to show');
      }
      return { apiUrl: info.apiUrl, mcpUrl: info.mcpUrl, token: info.token };
    },
    async stop() {
      await host.stop();
      await bots?.close();
    },
    services: () => host.services(),
    bots: host.bots,
    nameOf: (personaId) => bots?.nameOf(personaId),
    // The host also notifies when a bot's status changes (once the bot supervisor is attached).
    onChange: (listener) => host.onChange(() => listener()),
  };
}
