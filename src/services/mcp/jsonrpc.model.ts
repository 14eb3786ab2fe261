import { AppError } from '../../shared/index.ts';

// JSON-RPC 2.0 message rules (requests, notifications, batches), independent of any transport.

/** A request id: a string of at most 128 characters or a safe integer, echoed with the same JSON type. */
export type JsonRpcId = string | number;

/** Largest batch accepted. */
export const MAX_BATCH = 50;
const MAX_ID_CHARS = 128;

/** The `data` member of every error object (docs/errors.md). */
export interface RpcErrorData {
  code: string;
  details?: Record<string, unknown>;
  issues?: { path: (string | number)[]; code: string; message: string }[];
  retry_after_ms?: number;
  error_id?: string;
}

/** A JSON-RPC error object. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data: RpcErrorData;
}

/** A response: exactly one of `result` / `error`. */
export type RpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId | null; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId | null; error: RpcErrorObject };

/** A server → client notification. */
export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params: Record<string, unknown>;
}

/** One incoming message, classified. `params` is undefined when absent. */
export type IncomingMessage =
  | { kind: 'request'; id: JsonRpcId; method: string; params: Record<string, unknown> | undefined }
  | { kind: 'notification'; method: string; params: Record<string, unknown> | undefined }
  /** A client's response; the server never sends requests, so these are ignored. */
  | { kind: 'response' }
  /** Not executable; `answer` is false for well-formed notifications, which are never answered. */
  | { kind: 'invalid'; id: JsonRpcId | null; error: AppError; answer: boolean };

/** A parsed frame or body: one message or a batch of 1–50. */
export type Frame = { kind: 'single'; message: unknown } | { kind: 'batch'; messages: unknown[] };

/** True for a valid request id: string ≤128 chars or a safe integer. */
export function isValidId(id: unknown): id is JsonRpcId {
  if (typeof id === 'string') return id.length <= MAX_ID_CHARS;
  return typeof id === 'number' && Number.isSafeInteger(id);
}

/** Parses text into a frame; bad JSON → PARSE_ERROR, `[]` or more than 50 elements → INVALID_REQUEST. */
export function parseFrame(text: string): Frame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('PARSE_ERROR', 'Parse error: the message is not valid JSON');
  }
  if (!Array.isArray(value)) return { kind: 'single', message: value };
  if (value.length === 0) throw new AppError('INVALID_REQUEST', 'Invalid request: empty batch');
  if (value.length > MAX_BATCH) {
    throw new AppError('INVALID_REQUEST', `Invalid request: a batch holds at most ${MAX_BATCH} messages`, {
      details: { max_batch: MAX_BATCH, received: value.length },
    });
  }
  return { kind: 'batch', messages: value };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Classifies one message by the JSON-RPC 2.0 rules. */
export function classifyMessage(raw: unknown): IncomingMessage {
  const invalid = (id: JsonRpcId | null, message: string, answer = true): IncomingMessage => ({
    kind: 'invalid', id, error: new AppError('INVALID_REQUEST', `Invalid request: ${message}`), answer,
  });
  if (!isObject(raw)) return invalid(null, 'a message must be a JSON object');
  const hasId = 'id' in raw;
  if (hasId && !isValidId(raw.id)) return invalid(null, 'id must be a string (≤128 chars) or an integer');
  const id = hasId ? (raw.id as JsonRpcId) : null;
  if (raw.jsonrpc !== '2.0') return invalid(id, 'jsonrpc must be "2.0"');
  if (!('method' in raw) && hasId && ('result' in raw || 'error' in raw)) return { kind: 'response' };
  if (typeof raw.method !== 'string' || raw.method.length === 0) return invalid(id, 'method must be a non-empty string');
  if ('params' in raw && !isObject(raw.params)) {
    const error = new AppError('INVALID_PARAMS', 'params must be an object', {
      issues: [{ path: ['params'], code: 'invalid_type', message: 'expected object' }],
    });
    return { kind: 'invalid', id, error, answer: hasId };
  }
  const params = raw.params as Record<string, unknown> | undefined;
  return hasId ? { kind: 'request', id: id as JsonRpcId, method: raw.method, params } : { kind: 'notification', method: raw.method, params };
}

/** The request id of a raw message when it carries a valid one (to echo on frame-level errors). */
export function echoableId(raw: unknown): JsonRpcId | null {
  return isObject(raw) && isValidId(raw.id) ? raw.id : null;
}

/** A success response. */
export function resultResponse(id: JsonRpcId | null, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result };
}

/** An error response from a wire error object. */
export function errorResponse(id: JsonRpcId | null, error: RpcErrorObject): RpcResponse {
  return { jsonrpc: '2.0', id, error };
}

/** A server notification. */
export function notification(method: string, params: Record<string, unknown>): RpcNotification {
  return { jsonrpc: '2.0', method, params };
}
