// The PersonaAPI service: builds the fastify app and listens; start/stop/address like every service.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../shared/index.ts';
import { getLogger, type CoreContext, type OperationTable } from '../../core/index.ts';
import type { BoundAddress, HostLink, NetworkService } from '../runtime/index.ts';
import { buildApiApp } from './app.ts';
import type { ApiTimings } from './api-context.ts';

const log = getLogger('api');

/** Dependencies of the PersonaAPI service. */
export interface ApiServiceDeps {
  core: CoreContext;
  link: HostLink;
  /** Built dashboard folder; default `dist/renderer`. */
  staticDir?: string;
  /** Default `core.config`. */
  config?: AppConfig;
  table?: OperationTable;
  configFile?: string;
  timings?: ApiTimings;
}

/** The running PersonaAPI: binds `server.host:server.api_port`; `stop` ends event streams first. */
export type ApiService = NetworkService;

/** Creates the PersonaAPI service (docs/architecture.md "Processes"): REST, OpenAPI + docs, SSE, bots, /v1 and the dashboard. */
export function createApiService(deps: ApiServiceDeps): ApiService {
  const config = deps.config ?? deps.core.config;
  let app: FastifyInstance | null = null;
  let bound: BoundAddress | null = null;
  return {
    async start() {
      if (app) throw new Error('api service already started');
      const built = await buildApiApp({
        core: deps.core, link: deps.link, config,
        ...(deps.table ? { table: deps.table } : {}), ...(deps.staticDir ? { staticDir: deps.staticDir } : {}),
        ...(deps.configFile ? { configFile: deps.configFile } : {}), ...(deps.timings ? { timings: deps.timings } : {}),
        apiPort: () => bound?.port ?? config.server.api_port,
      });
      await built.app.listen({ host: config.server.host, port: config.server.api_port });
      app = built.app;
      const addr = app.server.address() as AddressInfo;
      bound = { host: config.server.host, port: addr.port };
      log.info({ host: bound.host, port: bound.port, token_required: built.context.policy.tokenRequired }, 'api service listening');
      return bound;
    },
    async stop() {
      if (!app) return;
      const running = app;
      app = null;
      await running.close();
      bound = null;
      log.info('api service stopped');
    },
    address: () => bound,
  };
}
