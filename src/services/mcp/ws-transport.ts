import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { AppError } from '../../shared/index.ts';
import { getLogger, type CoreContext, type OperationTable, type TokenGrant, type HostPort, type TransportProbe } from '../../core/index.ts';
import { createMcpConnection, type McpConnection } from './mcp-connection.ts';
import { decodeFrame, hardLimit, type FrameLimits } from './frame-limits.ts';
import { errorResponse } from './jsonrpc.model.ts';
import { toRpcError } from './rpc-errors.ts';
import { authenticate, credentialsRevoked, grantedScopes, principalOf, watchTokens, type SecurityPolicy } from '../runtime/index.ts';
import { header, rejectUpgrade } from './http-replies.ts';
import { parseToolsets, type ToolsetName } from './toolsets.ts';
import { requestedToolsets } from './http-transport.ts';

const log = getLogger('mcp.ws');
/** Send buffer above which queued notifications wait (back-pressure). */
export const WS_BACKPRESSURE_BYTES = 4 * 1024 * 1024;

/** WebSocket transport settings. */
export interface WsTransportOptions {
  core: CoreContext;
  table: OperationTable;
  policy: SecurityPolicy;
  limits: FrameLimits;
  /** True when one more connection would exceed `server.max_connections`. */
  full(): boolean;
  /** Reported to `system.status` by every connection of this transport (the service's connection count). */
  transport?: TransportProbe;
  /** The host, when the service is attached to one (handed to every connection). */
  host?: HostPort;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  /** Toolsets `tools/list` shows when the upgrade names none (`mcp.toolsets.websocket`); methods stay callable. */
  toolsets: readonly ToolsetName[];
}

/** The WebSocket side of the mcp service. */
export interface WsTransport {
  /** Handles an HTTP upgrade for `/mcp` (the caller routed by path). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  count(): number;
  /** Waits for in-flight requests (at most `graceMs`), then closes every socket with 1001. */
  closeAll(graceMs: number): Promise<void>;
}

interface Client {
  ws: WebSocket;
  conn: McpConnection;
  lastPong: number;
  /** The token the connection authenticated with (re-verified when tokens change). */
  token: string | undefined;
}

/** How often the transport looks for replaced or revoked tokens. */
const REVOCATION_CHECK_MS = 1000;

/** Creates the transport: upgrade checks, framing, heartbeat, graceful close. */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: hardLimit(options.limits),
    handleProtocols: (protocols) => (protocols.has('mcp') ? 'mcp' : false),
  });
  const clients = new Set<Client>();
  // Replies and notifications serialised during one event-loop turn are sent together at its end, in
  // order: back-to-back socket writes find a loopback or LAN peer already awake, where one write per
  // message, each after the next message's work, pays the peer's wake-up every time (docs/architecture.md
  // "WebSocket writes"). Closing a socket sends what is queued first.
  const queued: { ws: WebSocket; text: string }[] = [];
  let flushScheduled = false;
  const flushWrites = () => {
    flushScheduled = false;
    for (const { ws, text } of queued.splice(0)) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  };

  // A connection whose token was revoked or replaced: what is queued is sent, then the socket closes 1008.
  const closeRevoked = (c: Client) => {
    flushWrites();
    c.conn.close('credentials revoked');
    c.ws.close(1008, 'credentials revoked');
  };

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const c of clients) {
      if (now - c.lastPong > options.heartbeatTimeoutMs) {
        log.info({ connection: c.conn.id }, 'no pong: terminating');
        c.ws.terminate();
      } else if (c.ws.readyState === WebSocket.OPEN) c.ws.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  // A token replaced or revoked while connected closes its connections with 1008.
  const tokensChanged = watchTokens(options.core.tokens);
  const revocation = setInterval(() => {
    if (!tokensChanged()) return;
    for (const c of clients) {
      if (credentialsRevoked(options.policy, c.token)) {
        log.info({ connection: c.conn.id }, 'token revoked: closing');
        closeRevoked(c);
      }
    }
  }, REVOCATION_CHECK_MS);
  revocation.unref();

  function onConnection(ws: WebSocket, access: { grant: TokenGrant | null; token: string | undefined; remote: string | undefined; toolsets: ToolsetName[] }): void {
    ws.binaryType = 'nodebuffer';
    let flushTimer: NodeJS.Timeout | undefined;
    const write = (message: unknown) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      queued.push({ ws, text: JSON.stringify(message) });
      if (!flushScheduled) { flushScheduled = true; setImmediate(flushWrites); }
    };
    const conn = createMcpConnection({
      core: options.core, table: options.table, toolsets: access.toolsets, ...(options.transport ? { transport: options.transport } : {}),
      ...(options.host ? { host: options.host } : {}),
      send(message) {
        if (ws.readyState !== WebSocket.OPEN) return true;
        if (ws.bufferedAmount > WS_BACKPRESSURE_BYTES) {
          flushTimer ??= setTimeout(() => {
            flushTimer = undefined;
            conn.flush();
          }, 50);
          return false;
        }
        write(message);
        return true;
      },
      // Stream deltas wait while the send buffer is over the limit: generation pauses.
      async sendStream(message) {
        while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > WS_BACKPRESSURE_BYTES) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        write(message);
      },
    });
    conn.state.scopes = grantedScopes(access.grant);
    conn.state.principal = principalOf(access.grant, access.remote);
    const client: Client = { ws, conn, lastPong: Date.now(), token: access.token };
    // A message after its token was revoked or replaced (anywhere) is not served: the socket closes 1008.
    const tokensChanged = watchTokens(options.core.tokens);
    const revoked = () => {
      if (client.token === undefined || !tokensChanged() || !credentialsRevoked(options.policy, client.token)) return false;
      closeRevoked(client);
      return true;
    };
    clients.add(client);
    log.debug({ connection: conn.id, protocol: ws.protocol }, 'connected');
    ws.on('pong', () => { client.lastPong = Date.now(); });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (revoked()) return;
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) {
        write(errorResponse(null, toRpcError(new AppError('INVALID_REQUEST', 'Invalid request: binary frames are not accepted; send text'))));
        return;
      }
      const decoded = decodeFrame(buf.toString('utf8'), buf.length, options.limits);
      if (decoded.reply) return write(decoded.reply);
      conn.handle(decoded.frame).then((reply) => { if (reply) write(reply); }, (err: unknown) => log.error({ err }, 'dispatch failed'));
    });
    ws.on('error', (err) => log.debug({ connection: conn.id, err: err.message }, 'socket error'));
    ws.on('close', (code) => {
      clearTimeout(flushTimer);
      clients.delete(client);
      conn.close('connection closed');
      log.debug({ connection: conn.id, code }, 'closed');
    });
  }

  return {
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const auth = authenticate(options.policy, {
        host: header(req, 'host'), origin: header(req, 'origin'), authorization: header(req, 'authorization'),
        queryToken: url.searchParams.get('token') ?? undefined,
      });
      if (!auth.ok) return rejectUpgrade(socket, auth.error);
      if (options.full()) return rejectUpgrade(socket, new AppError('RATE_LIMITED', 'Too many connections'), 503);
      let toolsets: ToolsetName[];
      try {
        toolsets = parseToolsets(requestedToolsets(req), options.toolsets);
      } catch (err) {
        return rejectUpgrade(socket, err as AppError, 400);
      }
      const access = { grant: auth.grant, token: auth.token, remote: req.socket.remoteAddress, toolsets };
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, access));
    },
    count: () => clients.size,
    async closeAll(graceMs) {
      clearInterval(heartbeat);
      clearInterval(revocation);
      const all = [...clients];
      await Promise.all(all.map(async (c) => {
        await Promise.race([c.conn.dispatcher.idle(), new Promise((r) => setTimeout(r, graceMs).unref())]);
        flushWrites();
        c.conn.close('server shutting down');
        const closed = new Promise<void>((resolve) => c.ws.once('close', () => resolve()));
        c.ws.close(1001, 'server shutting down');
        await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
        if (c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
      }));
      wss.close();
    },
  };
}
