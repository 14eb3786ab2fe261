import WebSocket from 'ws';
import { AppError } from '../../shared/index.ts';
import { startChatStream, type RequestFn, type RequestOptions } from './chat-stream.ts';
import { fromUpgradeRefusal, fromWireError, type WireError } from './wire-errors.ts';
import type { CallOptions, OperationMethods } from './method-map.ts';
import type {
  ChatStream, ChatStreamParams, ClientState, ClientSubscription, PersonaClient, PersonaClientOptions, PersonaEvent, StateInfo, SubscribeParams,
} from './client-types.ts';

/** Methods that wait for the LLM and get `llmTimeoutMs` instead of `requestTimeoutMs`. */
const LLM_METHODS = new Set(['persona.chat', 'persona.chat_stream', 'conversation.send_message', 'conversation.start', 'conversation.turn']);

interface Pending { method: string; resolve(value: unknown): void; reject(error: Error): void }
interface SubEntry { params: SubscribeParams; onEvent: (event: PersonaEvent) => void; serverId: string }
interface Incoming { id?: unknown; method?: string; params?: Record<string, unknown>; result?: unknown; error?: WireError }

const noop = () => undefined;
const connectionLost = (code: number) => new AppError('CANCELLED', `Connection lost (close code ${code}) before the response arrived`, {
  details: { reason: 'connection_lost', close_code: code },
});

/**
 * Creates a JSON-RPC client of the mcp service's WebSocket endpoint: integer request ids, AppError
 * for JSON-RPC errors, timeouts, streaming chat, event subscriptions, and reconnects with
 * exponential backoff that restore subscriptions and the current persona.
 */
export function createPersonaClient(options: PersonaClientOptions): PersonaClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const llmTimeoutMs = options.llmTimeoutMs ?? 180_000;
  const backoff = { initialMs: options.reconnect?.initialMs ?? 250, maxMs: options.reconnect?.maxMs ?? 10_000, enabled: options.reconnect?.enabled ?? true };
  const listeners = new Set<(state: ClientState, info: StateInfo) => void>();
  const pending = new Map<number, Pending>();
  const streams = new Map<number, (params: Record<string, unknown>) => void>();
  const subs = new Set<SubEntry>();
  const subsById = new Map<string, SubEntry>();
  let waiters: { resolve(): void; reject(error: Error): void }[] = [];
  let state: ClientState = 'idle';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let userClosed = false;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let connecting: Promise<void> | null = null;
  let lastSwitch: Record<string, unknown> | null = null;

  const setState = (next: ClientState, info: StateInfo = {}) => {
    state = next;
    for (const fn of listeners) fn(next, info);
  };
  const releaseWaiters = (error?: Error) => {
    const list = waiters;
    waiters = [];
    for (const w of list) {
      if (error) w.reject(error);
      else w.resolve();
    }
  };

  function openSocket(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const headers = options.token ? { Authorization: `Bearer ${options.token}` } : {};
      const ws = new WebSocket(options.url, { headers, handshakeTimeout: requestTimeoutMs });
      ws.on('error', (err) => reject(new AppError('INTERNAL_ERROR', `Cannot connect to ${options.url}: ${err.message}`, { details: { reason: 'connect_failed', url: options.url }, cause: err })));
      ws.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          reject(fromUpgradeRefusal(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          ws.terminate();
        });
      });
      ws.once('open', () => resolve(ws));
    });
  }

  function attach(ws: WebSocket): void {
    socket = ws;
    ws.on('message', (data) => onMessage(String(data)));
    ws.on('close', (code) => onSocketClose(ws, code));
  }

  function onMessage(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as Incoming[]) {
      if (typeof m.id === 'number' && ('result' in m || 'error' in m)) {
        const p = pending.get(m.id);
        if (m.error) p?.reject(fromWireError(m.error));
        else p?.resolve(m.result);
      } else if (m.method === 'persona.chat.delta' && m.params) {
        streams.get(m.params.request_id as number)?.(m.params);
      } else if (m.method === 'events.event' && m.params) {
        const entry = subsById.get(m.params.subscription_id as string);
        try {
          entry?.onEvent(m.params as unknown as PersonaEvent);
        } catch {
          // a failing listener must not break the connection
        }
      }
    }
  }

  function onSocketClose(ws: WebSocket, code: number): void {
    if (socket !== ws) return;
    socket = null;
    const lost = connectionLost(code);
    for (const p of [...pending.values()]) p.reject(lost);
    if (userClosed) return;
    if (code === 1008 || !backoff.enabled) {
      setState('closed', { closeCode: code });
      releaseWaiters(new AppError('CANCELLED', `Connection closed (code ${code})`, { details: { reason: 'closed', close_code: code } }));
      return;
    }
    scheduleReconnect({ closeCode: code });
  }

  function scheduleReconnect(info: StateInfo): void {
    attempt += 1;
    const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
    const delayMs = Math.round(base * (0.8 + 0.2 * Math.random()));
    setState('reconnecting', { ...info, attempt, delayMs });
    reconnectTimer = setTimeout(() => void reconnectNow(), delayMs);
  }

  async function reconnectNow(): Promise<void> {
    reconnectTimer = null;
    if (userClosed) return;
    setState('connecting', { attempt });
    let ws: WebSocket;
    try {
      ws = await openSocket();
    } catch (err) {
      if (!userClosed) scheduleReconnect({ error: err as Error });
      return;
    }
    if (userClosed) return void ws.close(1000);
    attach(ws);
    await restore();
    if (socket !== ws) return;
    attempt = 0;
    setState('open');
    releaseWaiters();
  }

  /** Re-makes the connection-bound state the server forgot: current persona, then every subscription. */
  async function restore(): Promise<void> {
    if (lastSwitch) await request('persona.switch', { ...lastSwitch, force: true }, { internal: true }).catch(noop);
    subsById.clear();
    for (const entry of subs) {
      try {
        const res = await request<{ subscription_id: string }>('events.subscribe', entry.params as Record<string, unknown>, { internal: true });
        entry.serverId = res.subscription_id;
        subsById.set(entry.serverId, entry);
      } catch {
        // kept in `subs`: the next reconnect tries again
      }
    }
  }

  function whenOpen(): Promise<void> {
    if (state === 'open') return Promise.resolve();
    if (state === 'closed') return Promise.reject(new AppError('CANCELLED', 'The client is closed', { details: { reason: 'closed' } }));
    const wait = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (state === 'idle') void client.connect().catch(noop);
    return wait;
  }

  function notifyCancelled(id: number | null, reason: string): void {
    if (id === null || socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } }));
  }

  const request: RequestFn = <T>(method: string, params: Record<string, unknown> | undefined, opts: RequestOptions = {}): Promise<T> => {
    const timeoutMs = opts.timeoutMs ?? (LLM_METHODS.has(method) ? llmTimeoutMs : requestTimeoutMs);
    return new Promise<T>((resolve, reject) => {
      let id: number | null = null;
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (id !== null) pending.delete(id);
        fn();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new AppError('TIMEOUT', `${method} got no response within ${timeoutMs} ms`, { details: { method, timeout_ms: timeoutMs } })));
        notifyCancelled(id, 'client timeout');
      }, timeoutMs);
      function onAbort() {
        finish(() => reject(new AppError('CANCELLED', `${method} was aborted by the caller`, { details: { method, reason: 'aborted' } })));
        notifyCancelled(id, 'aborted by the caller');
      }
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const send = () => {
        if (settled) return;
        if (!socket || socket.readyState !== WebSocket.OPEN) return finish(() => reject(connectionLost(1006)));
        const rid = nextId++;
        id = rid;
        pending.set(rid, {
          method,
          resolve: (value) => finish(() => {
            if (method === 'persona.switch' && params) lastSwitch = params;
            resolve(value as T);
          }),
          reject: (error) => finish(() => reject(error)),
        });
        opts.onId?.(rid);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: rid, method, ...(params === undefined ? {} : { params }) }));
      };
      if (opts.internal || state === 'open') send();
      else whenOpen().then(send, (err: Error) => finish(() => reject(err)));
    });
  };

  const chatStream = (params: ChatStreamParams, callOptions: CallOptions = {}): ChatStream =>
    startChatStream({ request, streams }, params, callOptions);

  async function subscribe(params: SubscribeParams, onEvent: (event: PersonaEvent) => void): Promise<ClientSubscription> {
    const res = await request<{ subscription_id: string }>('events.subscribe', params as Record<string, unknown>);
    const entry: SubEntry = { params, onEvent, serverId: res.subscription_id };
    subs.add(entry);
    subsById.set(entry.serverId, entry);
    return {
      get subscription_id() { return entry.serverId; },
      async unsubscribe() {
        if (!subs.delete(entry)) return;
        subsById.delete(entry.serverId);
        if (state !== 'open') return;
        await request('events.unsubscribe', { subscription_id: entry.serverId }).catch((err: unknown) => {
          if (!(err instanceof AppError && err.code === 'SUBSCRIPTION_NOT_FOUND')) throw err;
        });
      },
    };
  }

  const methods = new Proxy({}, {
    get: (_target, name) => (typeof name === 'string' ? (params?: Record<string, unknown>, opts?: CallOptions) => request(name, params, opts) : undefined),
  }) as OperationMethods;

  const client: PersonaClient = {
    connect() {
      if (state === 'open') return Promise.resolve();
      if (connecting) return connecting;
      if (state === 'reconnecting' || state === 'connecting') return whenOpen();
      userClosed = false;
      connecting = (async () => {
        setState('connecting');
        try {
          attach(await openSocket());
          setState('open');
          releaseWaiters();
        } catch (err) {
          setState('idle', { error: err as Error });
          releaseWaiters(err as Error);
          throw err;
        } finally {
          connecting = null;
        }
      })();
      return connecting;
    },
    async close() {
      userClosed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const ws = socket;
      const closing = new AppError('CANCELLED', 'The client was closed before the response arrived', { details: { reason: 'closed' } });
      for (const p of [...pending.values()]) p.reject(closing);
      setState('closed');
      releaseWaiters(new AppError('CANCELLED', 'The client is closed', { details: { reason: 'closed' } }));
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
        ws.close(1000);
        await closed;
      }
      socket = null;
    },
    call: <T>(method: string, params?: Record<string, unknown>, opts?: CallOptions) => request<T>(method, params, opts),
    chatStream,
    subscribe,
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get state() { return state; },
    methods,
  };
  return client;
}
