// Entry of the PersonaAPI service: parses flags, loads config, opens the core, serves HTTP.
// The only file of the service that touches process, argv and env.
import { createCore, getLogger } from '../../core/index.ts';
import { createHostLink, hostIpcPort, loadServiceStartup, relayDomainEvents, serveUntilStopped } from '../runtime/index.ts';
import { createApiService } from './api-service.ts';
import { localAddress } from './settings-routes.ts';

const log = getLogger('api');
// PERSONA_MCP_STANDALONE=1: an IPC channel exists but no host answers on it (`persona-mcp serve api`).

async function main(): Promise<void> {
  const { config, configFile, secretKey } = loadServiceStartup('api', process.argv.slice(2), process.env);
  const core = await createCore({ config, migrate: true, ...(secretKey ? { secretKey } : {}) });

  const standalone = process.env.PERSONA_MCP_STANDALONE === '1';
  const link = createHostLink(standalone ? null : hostIpcPort(process));
  const stopRelay = relayDomainEvents(core, link, `api:${process.pid}`);
  const service = createApiService({ core, link, ...(configFile ? { configFile } : {}) });
  const { host, port } = await service.start();
  const url = `http://${localAddress(host)}:${port}/`;
  log.info({ url }, 'ready');
  process.stderr.write(`persona-mcp api: listening on ${url}\n`);
  serveUntilStopped(process, link, { service: 'api', port }, async () => {
    stopRelay();
    await service.stop();
    link.close();
    await core.close();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'api service failed to start');
  console.error(`persona-mcp api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
