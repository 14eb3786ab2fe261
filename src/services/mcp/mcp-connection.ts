import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../shared/index.ts';
import { createConnectionState, type ConnectionState, type CoreContext, type HostPort, type OperationTable, type TransportProbe } from '../../core/index.ts';
import { createRpcDispatcher, type HandleOptions, type RpcDispatcher } from './rpc-dispatcher.ts';
import { createEventSubscriptions, type EventSubscriptions } from './event-subscriptions.ts';
import { createLifecycle, type McpLifecycle } from './mcp-lifecycle.ts';
import { createMcpRouter } from './mcp-router.ts';
import { createStreamRegistry } from './stream-registry.ts';
import { createToolSelection, type ToolsetName } from './toolsets.ts';
import { notification, type Frame, type RpcNotification, type RpcResponse } from './jsonrpc.model.ts';

/** How a transport plugs a connection in. */
export interface McpConnectionOptions {
  core: CoreContext;
  table: OperationTable;
  /** Delivers a server notification; false when it cannot now (call `flush()` once writable). */
  send(message: RpcNotification): boolean;
  /** Delivers a stream delta, resolving once the transport took it (back-pressure); default `send`. */
  sendStream?(message: RpcNotification): void | Promise<void>;
  /** Connection id (UUIDv4 by default; the HTTP session id on Streamable HTTP). */
  id?: string;
  /** What the serving transport reports to `system.status` (its connection count). */
  transport?: TransportProbe;
  /** The host, when the service is attached to one. */
  host?: HostPort;
  /** False for a transport with one local client (stdio): no per-connection message rate (`limits.messages_per_second`). */
  rateLimited?: boolean;
  /** Toolsets `tools/list` shows at first (default every tool: `all`). */
  toolsets?: readonly ToolsetName[];
}

/** One connection (WebSocket, HTTP session or stdio) with its own state. */
export interface McpConnection {
  readonly id: string;
  readonly state: ConnectionState;
  readonly lifecycle: McpLifecycle;
  readonly dispatcher: RpcDispatcher;
  readonly events: EventSubscriptions;
  /** Runs a decoded frame; resolves to the reply or null. */
  handle(frame: Frame, options?: HandleOptions): Promise<RpcResponse | RpcResponse[] | null>;
  /** Retries queued notifications (the transport became writable). */
  flush(): void;
  /** Aborts in-flight work, drops subscriptions and stops listening to domain events. */
  close(reason?: string): void;
  readonly closed: boolean;
}

// persona.updated carries changed_fields; without it (a relayed event) a rename cannot be ruled out.
const renames = (e: DomainEvent) => {
  const changed = e.data.changed_fields;
  return !Array.isArray(changed) || changed.includes('name');
};

/**
 * Creates a connection: per-connection state, dispatcher, router, event subscriptions and the
 * list-changed notifications (after `notifications/initialized` only).
 */
export function createMcpConnection(options: McpConnectionOptions): McpConnection {
  const { core, table } = options;
  const id = options.id ?? randomUUID();
  const state = createConnectionState(id, 'mcp');
  const lifecycle = createLifecycle();
  const events = createEventSubscriptions(options.send, () => core.now());
  const limits = core.config.limits;
  const streams = createStreamRegistry(limits.streams);
  const route = createMcpRouter({
    core, table, state, lifecycle, events, streams, deadlineMs: limits.method_timeout_ms, tools: createToolSelection(options.toolsets ?? ['all']),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  const dispatcher = createRpcDispatcher({
    route,
    send: (m) => (options.sendStream ? options.sendStream(m) : void options.send(m)),
    limits: { messagesPerSecond: options.rateLimited === false ? 0 : limits.messages_per_second, burst: limits.burst, inFlight: limits.in_flight },
  });
  let closed = false;

  const unsubscribe = core.events.subscribe((event) => {
    if (event.name === 'persona.deleted' && state.currentPersonaId === event.persona_id) state.currentPersonaId = null;
    events.offer(event);
    const listChanged = event.name === 'persona.created' || event.name === 'persona.deleted' || (event.name === 'persona.updated' && renames(event));
    if (listChanged && lifecycle.ready) {
      events.enqueueControl(notification('notifications/resources/list_changed', {}));
      events.enqueueControl(notification('notifications/prompts/list_changed', {}));
    }
  });

  return {
    id, state, lifecycle, dispatcher, events,
    handle: (frame, handleOptions) => dispatcher.handle(frame, handleOptions),
    flush: () => events.flush(),
    close(reason) {
      if (closed) return;
      closed = true;
      unsubscribe();
      dispatcher.close(reason);
      events.clear();
    },
    get closed() {
      return closed;
    },
  };
}
