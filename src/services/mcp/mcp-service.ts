import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, type AppConfig } from '../../shared/index.ts';
import { OPERATION_TABLE, getLogger, type CoreContext, type HostPort, type OperationTable } from '../../core/index.ts';
import { createWsTransport, type WsTransport } from './ws-transport.ts';
import { createHttpTransport, type HttpTransport } from './http-transport.ts';
import {
  answerPreflight, authenticate, corsHeaders, createSecurityPolicy, grantedScopes, principalOf, singleTokenVerifier,
  type BoundAddress, type CorsRules, type NetworkService, type SecurityPolicy,
} from '../runtime/index.ts';
import { header, rejectHttp, rejectUpgrade, sendJson } from './http-replies.ts';

const log = getLogger('mcp');

/** Timings that tests shorten; defaults are the protocol's. */
export interface McpServiceTimings {
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  sessionIdleMs?: number;
  keepAliveMs?: number;
  /** How long `stop` waits for in-flight requests before closing connections. */
  graceMs?: number;
}

/** Dependencies of the service: the core and, optionally, another operation table or config. */
export interface McpServiceDeps {
  core: CoreContext;
  /** Default `core.config`. */
  config?: AppConfig;
  table?: OperationTable;
  timings?: McpServiceTimings;
  /** The host, when the service is attached to one (operations that need it, e.g. persona.delete). */
  host?: HostPort;
}

/**
 * The running mcp service: binds `server.host:server.mcp_port` and serves /mcp and /; `stop` lets
 * in-flight requests finish (grace) and closes sockets with 1001.
 */
export type McpService = NetworkService;

const CORS: CorsRules = {
  allowMethods: 'GET, POST, DELETE, OPTIONS',
  allowHeaders: 'Authorization, Content-Type, MCP-Session-Id, MCP-Protocol-Version, MCP-Toolsets, Last-Event-ID',
  exposeHeaders: 'MCP-Session-Id',
};

/** Creates the mcp service (docs/architecture.md "Processes"): WebSocket and Streamable HTTP at `/mcp`, health at `/`. */
export function createMcpService(deps: McpServiceDeps): McpService {
  const { core } = deps;
  const config = deps.config ?? core.config;
  const table = deps.table ?? OPERATION_TABLE;
  const t = deps.timings ?? {};
  const base = createSecurityPolicy(config, { tokens: core.tokens });
  // A config handed to the service (tests, embedders) may pin its own token besides the core's store.
  const pinned = config.auth.token !== core.config.auth.token ? singleTokenVerifier(config.auth.token) : () => null;
  const policy: SecurityPolicy = { ...base, verify: (t) => pinned(t) ?? base.verify(t) };
  const limits = { messageBytes: config.server.max_message_bytes, importBytes: config.server.max_import_bytes };
  let server: Server | null = null;
  let bound: BoundAddress | null = null;
  let ws: WsTransport | null = null;
  let http: HttpTransport | null = null;
  const connections = () => (ws?.count() ?? 0) + (http?.count() ?? 0);
  const full = () => connections() >= config.server.max_connections;

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const creds = { host: header(req, 'host'), origin: header(req, 'origin'), authorization: header(req, 'authorization') };
    for (const [name, value] of Object.entries(corsHeaders(policy, CORS, creds))) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      const preflight = answerPreflight(policy, CORS, { ...creds, privateNetwork: header(req, 'access-control-request-private-network') });
      if (!preflight.ok) return rejectHttp(res, preflight.error);
      res.writeHead(204, preflight.headers).end();
      return;
    }
    const auth = authenticate(policy, creds);
    if (!auth.ok) return rejectHttp(res, auth.error);
    if (path === '/mcp' && http) return http.handle(req, res, { scopes: grantedScopes(auth.grant), principal: principalOf(auth.grant, req.socket.remoteAddress) });
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, {
        status: 'healthy', server: 'persona-mcp', version: core.version,
        uptime_s: Math.floor((core.now().getTime() - core.startedAt.getTime()) / 1000), connections: connections(),
      });
    }
    rejectHttp(res, new AppError('METHOD_NOT_FOUND', `Not found: ${path}`, { details: { path } }), 404);
  }

  return {
    async start() {
      if (server) throw new Error('mcp service already started');
      ws = createWsTransport({
        core, table, policy, limits, full, transport: { connections }, ...(deps.host ? { host: deps.host } : {}),
        toolsets: config.mcp.toolsets.websocket, heartbeatMs: t.heartbeatMs ?? 30_000, heartbeatTimeoutMs: t.heartbeatTimeoutMs ?? 60_000,
      });
      http = createHttpTransport({
        core, table, limits, full, transport: { connections }, ...(deps.host ? { host: deps.host } : {}), toolsets: config.mcp.toolsets.http, sessionIdleMs: t.sessionIdleMs ?? 30 * 60_000, keepAliveMs: t.keepAliveMs ?? 15_000,
      });
      const srv = createServer(onRequest);
      srv.on('upgrade', (req, socket, head) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        if (path !== '/mcp' || !ws) return rejectUpgrade(socket, new AppError('METHOD_NOT_FOUND', `Not found: ${path}`), 404);
        ws.upgrade(req, socket, head);
      });
      srv.on('clientError', (_err, socket) => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(config.server.mcp_port, config.server.host, () => {
          srv.off('error', reject);
          resolve();
        });
      });
      server = srv;
      const addr = srv.address() as AddressInfo;
      bound = { host: config.server.host, port: addr.port };
      log.info({ host: bound.host, port: bound.port, token_required: policy.tokenRequired }, 'mcp service listening');
      return bound;
    },
    async stop() {
      if (!server) return;
      const srv = server;
      server = null;
      const closing = new Promise<void>((resolve) => srv.close(() => resolve()));
      const grace = t.graceMs ?? 10_000;
      await Promise.all([ws?.closeAll(grace), http?.closeAll(grace)]);
      srv.closeAllConnections();
      await closing;
      bound = null;
      log.info('mcp service stopped');
    },
    address: () => bound,
  };
}
