// A real PersonaAPI on a temp data dir (real core, real SQLite): in-process app for inject(),
// or a listening service on port 0 for socket-level tests.
import { AppConfigSchema, type AppConfigInput } from '../../../src/shared/index.ts';
import { createCore, type CoreContext } from '../../../src/core/index.ts';
import { createHostLink, type HostLink, type IpcPort } from '../../../src/services/runtime/index.ts';
import { buildApiApp, createApiService, type ApiService, type ApiTimings } from '../../../src/services/api/index.ts';
import { createTestClock, type TestClock } from '../../support/core-harness.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import type { FastifyInstance } from 'fastify';

/** Options of a test API. */
export interface ApiHarnessOptions {
  config?: AppConfigInput;
  /** The host side of the IPC channel; none = the service runs alone. */
  port?: IpcPort | null;
  staticDir?: string;
  timings?: ApiTimings;
  clock?: TestClock;
  dataDir?: string;
}

function parsedConfig(dir: string, config: AppConfigInput = {}) {
  return AppConfigSchema.parse({
    ...config, data_dir: dir, log: { level: 'silent' },
    server: { api_port: 0, mcp_port: 0, ...config.server }, llm: { provider: 'offline', ...config.llm },
  });
}

/** The app for inject(), over a real core. */
export interface InjectApi {
  app: FastifyInstance;
  core: CoreContext;
  link: HostLink;
  dataDir: string;
  close(): Promise<void>;
}

/** Builds the app in-process (not listening). */
export async function injectApi(options: ApiHarnessOptions = {}): Promise<InjectApi> {
  const temp = options.dataDir ? { dir: options.dataDir, cleanup: () => undefined } : makeTempDir('persona-api-');
  const config = parsedConfig(temp.dir, options.config);
  const clock = options.clock ?? createTestClock();
  const core = await createCore({ config, migrate: true, clock: () => clock.now() });
  const link = createHostLink(options.port ?? null);
  const { app } = await buildApiApp({
    core, link, ...(options.staticDir ? { staticDir: options.staticDir } : {}), ...(options.timings ? { timings: options.timings } : {}),
  });
  await app.ready();
  return {
    app, core, link, dataDir: temp.dir,
    async close() {
      await app.close();
      link.close();
      await core.close();
      temp.cleanup();
    },
  };
}

/** A listening PersonaAPI. */
export interface RunningApi {
  core: CoreContext;
  link: HostLink;
  service: ApiService;
  port: number;
  dataDir: string;
  /** `http://127.0.0.1:{port}` (always loopback traffic, whatever the bind host). */
  base: string;
  close(): Promise<void>;
}

/** Starts the service on port 0. */
export async function startApi(options: ApiHarnessOptions = {}): Promise<RunningApi> {
  const temp = options.dataDir ? { dir: options.dataDir, cleanup: () => undefined } : makeTempDir('persona-api-');
  const config = parsedConfig(temp.dir, options.config);
  const clock = options.clock;
  const core = await createCore({ config, migrate: true, ...(clock ? { clock: () => clock.now() } : {}) });
  const link = createHostLink(options.port ?? null);
  const service = createApiService({
    core, link, ...(options.staticDir ? { staticDir: options.staticDir } : {}), ...(options.timings ? { timings: options.timings } : {}),
  });
  const { port } = await service.start();
  return {
    core, link, service, port, dataDir: temp.dir, base: `http://127.0.0.1:${port}`,
    async close() {
      await service.stop();
      link.close();
      await core.close();
      temp.cleanup();
    },
  };
}
