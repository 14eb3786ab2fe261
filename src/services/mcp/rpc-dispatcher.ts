import { AppError } from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import {
  classifyMessage, echoableId, errorResponse, resultResponse,
  type Frame, type JsonRpcId, type RpcNotification, type RpcResponse,
} from './jsonrpc.model.ts';
import { rateLimited, toRpcError } from './rpc-errors.ts';
import { createTokenBucket } from '../../core/index.ts';
import { checkJsonDepth } from '../runtime/index.ts';

const log = getLogger('mcp.rpc');

/** What a method handler learns about the call besides its params. */
export interface CallInfo {
  /** The request id; undefined for a notification. */
  readonly id: JsonRpcId | undefined;
  /** Aborted by `notifications/cancelled`, by the connection closing, or by a deadline. */
  readonly signal: AbortSignal;
  /** True inside a batch (streaming is disabled there). */
  readonly batch: boolean;
  /** Sends a notification tied to this request (deltas); absent in batches and for notifications. */
  readonly notify: ((method: string, params: Record<string, unknown>) => void | Promise<void>) | undefined;
  /** Aborts `signal` without suppressing the reply (a deadline passed: the reply is its error). */
  readonly abort: (reason: AppError) => void;
}

/** Executes one method; throws AppError (or anything, mapped to INTERNAL_ERROR). */
export type RpcRoute = (method: string, params: Record<string, unknown>, call: CallInfo) => Promise<unknown>;

/** Per-connection limits (config `limits.*`; 0 = off). */
export interface DispatchLimits {
  messagesPerSecond: number;
  burst: number;
  inFlight: number;
}

/** Options of one `handle` call. */
export interface HandleOptions {
  /** Where this frame's request-bound notifications go (an HTTP POST's SSE stream); default the connection's. */
  notify?: (message: RpcNotification) => void | Promise<void>;
  /** The frame already passed `admit` (HTTP rejects a whole POST before dispatching). */
  admitted?: boolean;
}

/** The JSON-RPC engine of one connection: ids, in-flight requests, cancellation, batches, rate limits. */
export interface RpcDispatcher {
  /** Charges the rate limit for a frame (each batch element counts); returns RATE_LIMITED or null. */
  admit(frame: Frame): AppError | null;
  /** Runs a frame; resolves to the reply (object, array) or null when nothing is to be sent. */
  handle(frame: Frame, options?: HandleOptions): Promise<RpcResponse | RpcResponse[] | null>;
  /** Aborts an in-flight request; its response is then never sent. False when unknown or finished. */
  cancel(id: JsonRpcId, reason?: string): boolean;
  /** Messages currently executing. */
  running(): number;
  /**
   * Whether a frame may start now under `limits.in_flight` (docs/mcp.md "Limits"): its messages fit in
   * the free slots, or nothing is in flight (so a full batch always can).
   */
  fits(frame: Frame): boolean;
  /** Resolves when nothing is executing and the last reply has been handed to the transport. */
  idle(): Promise<void>;
  /** Aborts everything in flight and suppresses their responses. */
  close(reason?: string): void;
}

interface Entry {
  readonly controller: AbortController;
  cancelled: boolean;
}

/**
 * Creates the dispatcher of one connection. `route` executes methods; `send` delivers notifications
 * when the frame has no sink of its own. `notifications/cancelled` is handled here because the
 * dispatcher owns the in-flight map.
 */
export function createRpcDispatcher(options: {
  route: RpcRoute;
  send: (message: RpcNotification) => void | Promise<void>;
  limits: DispatchLimits;
  now?: () => number;
}): RpcDispatcher {
  const bucket = createTokenBucket(options.limits.messagesPerSecond, options.limits.burst, options.now);
  // Keyed by the id itself: a Map keeps 1 and "1" apart.
  const inFlight = new Map<JsonRpcId, Entry>();
  const all = new Set<Entry>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const finish = (entry: Entry) => {
    all.delete(entry);
    // Resolved a macrotask later, so the reply (a microtask chain) is written before an idle wait ends.
    if (all.size === 0 && idleWaiters.length) {
      setImmediate(() => {
        if (all.size !== 0) return;
        for (const w of idleWaiters) w();
        idleWaiters = [];
      });
    }
  };

  const cancel = (id: JsonRpcId, reason = 'cancelled by the client'): boolean => {
    const entry = inFlight.get(id);
    if (!entry) return false;
    entry.cancelled = true;
    entry.controller.abort(new AppError('CANCELLED', reason));
    return true;
  };

  async function runOne(raw: unknown, batch: boolean, sink: (m: RpcNotification) => void | Promise<void>, reserved = false): Promise<RpcResponse | null> {
    const msg = classifyMessage(raw);
    if (msg.kind === 'response') return null;
    if (msg.kind === 'invalid') return msg.answer ? errorResponse(msg.id, toRpcError(msg.error)) : null;
    const id = msg.kind === 'request' ? msg.id : undefined;
    // Before any handler walks the params recursively (docs/mcp.md "Limits").
    const tooDeep = checkJsonDepth(msg.params);
    if (tooDeep) return id === undefined ? null : errorResponse(id, toRpcError(tooDeep));
    if (msg.method === 'notifications/cancelled') {
      const requestId = msg.params?.requestId;
      if (typeof requestId === 'string' || typeof requestId === 'number') {
        cancel(requestId, typeof msg.params?.reason === 'string' ? msg.params.reason : undefined);
      }
      return id === undefined ? null : resultResponse(id, {});
    }
    if (id !== undefined && inFlight.has(id)) {
      return errorResponse(id, toRpcError(new AppError('INVALID_REQUEST', `Invalid request: id ${JSON.stringify(id)} is still in flight`, {
        details: { reason: 'duplicate_id' },
      })));
    }
    if (!reserved && options.limits.inFlight > 0 && all.size >= options.limits.inFlight) {
      const err = rateLimited(`At most ${options.limits.inFlight} requests may be in flight per connection`, 100);
      return id === undefined ? null : errorResponse(id, toRpcError(err));
    }
    const entry: Entry = { controller: new AbortController(), cancelled: false };
    all.add(entry);
    if (id !== undefined) inFlight.set(id, entry);
    const notify = id !== undefined && !batch
      ? (method: string, params: Record<string, unknown>) => {
        if (!entry.cancelled && !closed) return sink({ jsonrpc: '2.0', method, params });
      }
      : undefined;
    try {
      const abort = (reason: AppError) => entry.controller.abort(reason);
      const result = await options.route(msg.method, msg.params ?? {}, { id, signal: entry.controller.signal, batch, notify, abort });
      return id === undefined || entry.cancelled || closed ? null : resultResponse(id, result);
    } catch (err) {
      if (entry.cancelled || closed) return null;
      if (id === undefined) {
        log.debug({ method: msg.method, err: err instanceof Error ? err.message : String(err) }, 'notification failed');
        return null;
      }
      return errorResponse(id, toRpcError(err));
    } finally {
      if (id !== undefined) inFlight.delete(id);
      finish(entry);
    }
  }

  const fits = (frame: Frame): boolean => {
    const limit = options.limits.inFlight;
    return limit <= 0 || all.size === 0 || all.size + (frame.kind === 'batch' ? frame.messages.length : 1) <= limit;
  };

  const admit = (frame: Frame): AppError | null => {
    const wait = bucket.take(frame.kind === 'batch' ? frame.messages.length : 1);
    return wait === 0 ? null : rateLimited('Rate limit exceeded for this connection', wait);
  };

  return {
    admit,
    // Not an async function: a single frame's promise is runOne's own (no second promise per request).
    handle(frame, handleOptions = {}) {
      if (closed) return Promise.resolve(null);
      if (!handleOptions.admitted) {
        const limited = admit(frame);
        if (limited) {
          if (frame.kind === 'batch') return Promise.resolve(errorResponse(null, toRpcError(limited)));
          const msg = classifyMessage(frame.message);
          return Promise.resolve(msg.kind === 'notification' || msg.kind === 'response' ? null : errorResponse(echoableId(frame.message), toRpcError(limited)));
        }
      }
      const sink = handleOptions.notify ?? options.send;
      if (frame.kind === 'single') return runOne(frame.message, false, sink);
      // A batch is admitted whole or refused whole.
      if (!fits(frame)) {
        return Promise.resolve(errorResponse(null, toRpcError(rateLimited(`At most ${options.limits.inFlight} requests may be in flight per connection; this batch of ${frame.messages.length} waits until they finish`, 100))));
      }
      return Promise.all(frame.messages.map((m) => runOne(m, true, sink, true))).then((replies) => {
        const answered = replies.filter((r): r is RpcResponse => r !== null);
        return answered.length ? answered : null;
      });
    },
    cancel,
    running: () => all.size,
    fits,
    idle: () => (all.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    close(reason = 'connection closed') {
      closed = true;
      for (const entry of all) {
        entry.cancelled = true;
        entry.controller.abort(new AppError('CANCELLED', reason));
      }
    },
  };
}
