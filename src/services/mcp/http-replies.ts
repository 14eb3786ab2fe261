import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppError } from '../../shared/index.ts';
import { errorResponse } from './jsonrpc.model.ts';
import { httpStatusOf, toRpcError } from './rpc-errors.ts';

/** Headers that go with a whole-request rejection: Bearer challenge on 401, Retry-After on 429. */
function rejectionHeaders(err: AppError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (err.code === 'UNAUTHORIZED') headers['WWW-Authenticate'] = 'Bearer';
  if (err.code === 'RATE_LIMITED' && err.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
  return headers;
}

/** Writes a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Rejects an HTTP request as a whole (docs/errors.md): the status of the code, a JSON-RPC error body with id null. */
export function rejectHttp(res: ServerResponse, err: AppError, status = httpStatusOf(toRpcError(err)), headers: Record<string, string> = {}): void {
  sendJson(res, status, errorResponse(null, toRpcError(err)), { ...headers, ...rejectionHeaders(err) });
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Rejects a WebSocket upgrade before it happens with a plain HTTP response, then closes the socket. */
export function rejectUpgrade(socket: Duplex, err: AppError, status = httpStatusOf(toRpcError(err))): void {
  const body = JSON.stringify(errorResponse(null, toRpcError(err)));
  const headers = { ...rejectionHeaders(err), 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const head = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  if (socket.writable) socket.end(`${head}\r\n\r\n${body}`);
  else socket.destroy();
}

/** A single header value (first of repeated ones). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Media types of an Accept or Content-Type header, lower-cased, parameters dropped. */
export function mediaTypes(value: string | undefined): string[] {
  return (value ?? '').split(',').map((p) => (p.split(';')[0] ?? '').trim().toLowerCase()).filter(Boolean);
}
