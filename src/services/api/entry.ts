// Entry of the PersonaAPI service: parses flags, loads config, opens the core, serves HTTP.
// The only file of the service that touches process, argv and env.
import { createCore, dialHost, getLogger } from '../../core/index.ts';
import { jobOwnership, loadServiceStartup, runEntry, serveService, serviceHostLink } from '../runtime/index.ts';
import { createApiService } from './api-service.ts';

async function main(): Promise<void> {
  const { config, configFile, secretKey } = loadServiceStartup('api', process.argv.slice(2), process.env);
  // Under the host, the api forwards job controls to the job owner; alone, it owns its jobs (ADR 0008).
  const link = serviceHostLink(process);
  const core = await createCore({ config, migrate: true, jobs: jobOwnership(process.env, link), ...(secretKey ? { secretKey } : {}) });
  await serveService(process, {
    service: 'api', core, link,
    create: (link) => createApiService({ core, link, ...(configFile ? { configFile } : {}) }),
    url: ({ host, port }) => `http://${dialHost(host)}:${port}/`,
  });
}

runEntry(process, { log: getLogger('api'), what: 'api service', prefix: 'persona-mcp api' }, main);
