import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/index.ts';
import { getLogger, type CoreContext, type OperationTable, type Scope, type HostPort, type TransportProbe } from '../../core/index.ts';
import { createMcpConnection, type McpConnection } from './mcp-connection.ts';
import { decodeFrame, hardLimit, type FrameLimits } from './frame-limits.ts';
import { classifyMessage, type Frame, type RpcNotification } from './jsonrpc.model.ts';
import { SUPPORTED_PROTOCOL_VERSIONS } from './mcp-lifecycle.ts';
import { toRpcError } from './rpc-errors.ts';
import { header, mediaTypes, rejectHttp, sendJson } from './http-replies.ts';
import { parseToolsets, type ToolsetName } from './toolsets.ts';
import { MCP_SSE_HEAD, createSseWriter, type SseWriter } from '../runtime/index.ts';

const log = getLogger('mcp.http');

/** Streamable HTTP settings. */
export interface HttpTransportOptions {
  core: CoreContext;
  table: OperationTable;
  limits: FrameLimits;
  full(): boolean;
  /** Reported to `system.status` by every connection of this transport (the service's connection count). */
  transport?: TransportProbe;
  /** The host, when the service is attached to one (handed to every connection). */
  host?: HostPort;
  /** Sessions idle this long expire (30 min). */
  sessionIdleMs: number;
  /** SSE comment interval that keeps idle GET streams open through proxies. */
  keepAliveMs: number;
  /** Toolsets a session lists when its initialize names none (`mcp.toolsets.http`). */
  toolsets: readonly ToolsetName[];
}

/** What a request's credentials grant: its scopes (null = all) and who its LLM calls count against. */
export interface RequestAccess {
  scopes: readonly Scope[] | null;
  principal: string;
}

/** The Streamable HTTP side of the mcp service. */
export interface HttpTransport {
  /** Serves POST/GET/DELETE `/mcp` (security and CORS already applied by the caller). */
  /** Serves one request; `access` is what its credentials grant (checked by the caller). */
  handle(req: IncomingMessage, res: ServerResponse, access?: RequestAccess): void;
  count(): number;
  /** Waits for in-flight requests (at most `graceMs`), then ends every stream and session. */
  closeAll(graceMs: number): Promise<void>;
}

interface Session {
  conn: McpConnection;
  lastActive: number;
  stream: SseWriter | null;
  posts: number;
}

const rpcError = (code: 'INVALID_REQUEST' | 'CONFLICT', message: string, reason: string) => new AppError(code, message, { details: { reason } });

/** Reads a body up to `limit` bytes; null when it is longer (reading stops). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const hasRequest = (frame: Frame) =>
  (frame.kind === 'single' ? [frame.message] : frame.messages).some((m) => {
    const k = classifyMessage(m);
    return k.kind === 'request' || (k.kind === 'invalid' && k.answer);
  });

/** The toolsets an initialize request asks for: `?toolsets=a,b` on the URL or the `MCP-Toolsets` header. */
export function requestedToolsets(req: IncomingMessage): string | undefined {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('toolsets');
  return query ?? header(req, 'mcp-toolsets');
}

/** Creates the transport with its session table and idle sweeper. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const sessions = new Map<string, Session>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) {
      if (!s.stream && s.posts === 0 && now - s.lastActive > options.sessionIdleMs) end(id, 'session expired');
    }
  }, Math.max(50, Math.min(60_000, options.sessionIdleMs / 2)));
  sweep.unref();

  function end(id: string, reason: string): void {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    s.conn.close(reason);
    s.stream?.end();
    log.debug({ session: id, reason }, 'session ended');
  }

  function openSession(toolsets: readonly ToolsetName[]): Session {
    const id = randomUUID();
    const session: Session = { conn: null as unknown as McpConnection, lastActive: Date.now(), stream: null, posts: 0 };
    session.conn = createMcpConnection({
      core: options.core, table: options.table, id, toolsets, ...(options.transport ? { transport: options.transport } : {}),
      ...(options.host ? { host: options.host } : {}),
      send(message: RpcNotification) {
        const stream = session.stream;
        if (!stream || stream.blocked()) return false;
        void stream.event('message', message);
        return true;
      },
    });
    return session;
  }

  /** Finds the session of a request; rejects (and returns null) when it is missing, unknown or on a bad revision. */
  function sessionOf(req: IncomingMessage, res: ServerResponse): Session | null {
    const id = header(req, 'mcp-session-id');
    if (!id) {
      rejectHttp(res, rpcError('INVALID_REQUEST', 'Invalid request: MCP-Session-Id header required (call initialize first)', 'missing_session'), 400);
      return null;
    }
    const session = sessions.get(id);
    if (!session) {
      rejectHttp(res, rpcError('INVALID_REQUEST', 'Invalid request: unknown or expired session', 'unknown_session'), 404);
      return null;
    }
    const version = header(req, 'mcp-protocol-version');
    if (version !== undefined && !(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
      rejectHttp(res, rpcError('INVALID_REQUEST', `Invalid request: unsupported MCP-Protocol-Version ${version}`, 'protocol_version'), 400);
      return null;
    }
    session.lastActive = Date.now();
    return session;
  }

  async function post(req: IncomingMessage, res: ServerResponse, access: RequestAccess | undefined): Promise<void> {
    if (!mediaTypes(header(req, 'content-type')).includes('application/json')) {
      return rejectHttp(res, new AppError('UNSUPPORTED_FORMAT', 'Content-Type must be application/json'), 415);
    }
    const accept = mediaTypes(header(req, 'accept'));
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return rejectHttp(res, rpcError('INVALID_REQUEST', 'Accept must include application/json and text/event-stream', 'accept'), 406);
    }
    const body = await readBody(req, hardLimit(options.limits));
    if (body === null) {
      const limit = hardLimit(options.limits);
      return rejectHttp(res, new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${limit} bytes`, { details: { limit_bytes: limit } }), 413, { Connection: 'close' });
    }
    const decoded = decodeFrame(body.toString('utf8'), body.length, options.limits);
    if (decoded.reply) {
      const error = 'error' in decoded.reply ? decoded.reply.error : toRpcError(new AppError('INVALID_REQUEST', 'Invalid request'));
      return sendJson(res, error.data.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400, decoded.reply);
    }
    const frame = decoded.frame;
    const first = frame.kind === 'single' ? classifyMessage(frame.message) : null;
    const initializing = first?.kind === 'request' && first.method === 'initialize' && header(req, 'mcp-session-id') === undefined;
    let session: Session | null;
    if (initializing) {
      if (options.full()) return rejectHttp(res, new AppError('RATE_LIMITED', 'Too many connections'), 503);
      let toolsets: ToolsetName[];
      try {
        toolsets = parseToolsets(requestedToolsets(req), options.toolsets);
      } catch (err) {
        return rejectHttp(res, err as AppError, 400);
      }
      session = openSession(toolsets);
    } else session = sessionOf(req, res);
    if (!session) return;
    if (access) {
      // Each POST carries its own credentials: the session acts with those of the latest request.
      session.conn.state.scopes = access.scopes;
      session.conn.state.principal = access.principal;
    }
    const limited = session.conn.dispatcher.admit(frame);
    if (limited) return rejectHttp(res, limited);
    const headers: Record<string, string> = { 'MCP-Session-Id': session.conn.id };
    if (!hasRequest(frame)) {
      res.writeHead(202, headers).end();
      await session.conn.handle(frame, { admitted: true });
      return;
    }
    // A full send buffer pauses the stream's generation until the client reads.
    const sse = createSseWriter(res, headers, MCP_SSE_HEAD);
    const notify = (message: RpcNotification) => sse.event('message', message);
    session.posts += 1;
    try {
      const reply = await session.conn.handle(frame, { admitted: true, notify });
      if (initializing) {
        if (reply && !Array.isArray(reply) && 'result' in reply) sessions.set(session.conn.id, session);
        else session.conn.close('initialize failed');
      }
      if (sse.started) {
        if (reply) void sse.event('message', reply);
        sse.end();
      } else if (reply) sendJson(res, 200, reply, headers);
      else res.writeHead(202, headers).end();
    } finally {
      session.posts -= 1;
      session.lastActive = Date.now();
    }
  }

  function get(req: IncomingMessage, res: ServerResponse): void {
    if (!mediaTypes(header(req, 'accept')).includes('text/event-stream')) {
      return rejectHttp(res, rpcError('INVALID_REQUEST', 'Accept must include text/event-stream', 'accept'), 406);
    }
    const session = sessionOf(req, res);
    if (!session) return;
    if (session.stream) return rejectHttp(res, rpcError('CONFLICT', 'This session already has a notification stream', 'stream_open'), 409);
    const stream = createSseWriter(res, { Connection: 'keep-alive', 'MCP-Session-Id': session.conn.id }, MCP_SSE_HEAD);
    stream.comment('stream open');
    session.stream = stream;
    const keepAlive = setInterval(() => stream.comment('keep-alive'), options.keepAliveMs);
    keepAlive.unref();
    res.on('drain', () => session.conn.flush());
    res.on('close', () => {
      clearInterval(keepAlive);
      if (session.stream === stream) session.stream = null;
      session.lastActive = Date.now();
    });
    session.conn.flush();
  }

  return {
    handle(req, res, access) {
      if (req.method === 'POST') {
        post(req, res, access).catch((err: unknown) => {
          log.error({ err }, 'POST /mcp failed');
          if (!res.headersSent) rejectHttp(res, new AppError('INTERNAL_ERROR', 'Internal error'));
          else res.end();
        });
      } else if (req.method === 'GET') get(req, res);
      else if (req.method === 'DELETE') {
        const session = sessionOf(req, res);
        if (!session) return;
        end(session.conn.id, 'deleted by the client');
        res.writeHead(204).end();
      } else {
        rejectHttp(res, rpcError('INVALID_REQUEST', `Method ${req.method} not allowed on /mcp`, 'method'), 405, { Allow: 'GET, POST, DELETE, OPTIONS' });
      }
    },
    count: () => sessions.size,
    async closeAll(graceMs) {
      clearInterval(sweep);
      const all = [...sessions.values()];
      await Promise.race([Promise.all(all.map((s) => s.conn.dispatcher.idle())), new Promise((r) => setTimeout(r, graceMs).unref())]);
      for (const id of [...sessions.keys()]) end(id, 'server shutting down');
    },
  };
}
