import { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import {
  invokeOperation, methodDeadlineMs, type ConnectionState, type CoreContext, type Operation, type OperationContext, type OperationTable,
  type HostPort, type TransportProbe,
} from '../../core/index.ts';
import type { CallInfo, RpcRoute } from './rpc-dispatcher.ts';
import type { EventSubscriptions } from './event-subscriptions.ts';
import { SubscribeParamsSchema, UnsubscribeParamsSchema } from './event-subscriptions.ts';
import { discover, initialize, type McpLifecycle } from './mcp-lifecycle.ts';
import { EnableToolsetsSchema, findTool, listTools, toolError, toolResult } from './mcp-tools.ts';
import { ENABLE_TOOL, scopeAllows, type ToolSelection } from './toolsets.ts';
import { notification } from './jsonrpc.model.ts';
import { listResourceTemplates, listResources, readResource, type Invoke } from './mcp-resources.ts';
import { getPrompt, listPrompts } from './mcp-prompts.ts';
import type { StreamRegistry } from './stream-registry.ts';
import { parseParams } from './rpc-errors.ts';
import { withDeadline } from '../runtime/index.ts';

/** What the router of one connection works with. */
export interface RouterDeps {
  core: CoreContext;
  table: OperationTable;
  state: ConnectionState;
  lifecycle: McpLifecycle;
  events: EventSubscriptions;
  streams: StreamRegistry;
  /** Deadline of non-LLM methods in ms (`limits.method_timeout_ms`; 0 = none). */
  deadlineMs: number;
  /** What the serving transport reports to `system.status`. */
  transport?: TransportProbe;
  /** The host, when the service is attached to one (persona.delete stops the persona's bot through it). */
  host?: HostPort;
  /** The toolsets this connection's `tools/list` shows (methods stay callable by name regardless). */
  tools: ToolSelection;
}

type Handler = (params: Record<string, unknown>, call: CallInfo) => Promise<unknown> | unknown;

const ToolCallSchema = z.object({ name: z.string().min(1).max(256), arguments: z.record(z.string(), z.unknown()).optional() }).loose();

/**
 * The method router of one connection: MCP lifecycle, tools, resources, prompts, the
 * connection-bound `events.*` and `persona.chat.cancel`, then every operation of the table by name
 * or alias. Unknown → METHOD_NOT_FOUND `{method}`.
 */
export function createMcpRouter(deps: RouterDeps): RpcRoute {
  const { core, table, state, lifecycle, events, streams } = deps;
  const hasExport = table.get('persona.export') !== undefined;

  // Built field by field (object spreads cost per request on the hot path); absent fields stay absent.
  const context = (call: CallInfo, signal: AbortSignal, streaming: boolean): OperationContext => {
    const ctx: { -readonly [K in keyof OperationContext]: OperationContext[K] } = {
      core, connection: state, signal, registerStream: (streamId, abort) => streams.register(streamId, call.id, abort),
    };
    if (deps.transport) ctx.transport = deps.transport;
    if (deps.host) ctx.host = deps.host;
    if (call.id !== undefined) ctx.requestId = call.id;
    if (streaming && call.notify) ctx.notify = call.notify;
    return ctx;
  };
  const invokeIn = (call: CallInfo): Invoke => (method, params) => invokeOperation(table, method, params, context(call, call.signal, false));
  // Operations of the `llm` deadline class wait on an LLM server: no generic deadline.
  const runOperation = (op: Operation, name: string, params: Record<string, unknown>, call: CallInfo, streaming: boolean) =>
    withDeadline(methodDeadlineMs(op, deps.deadlineMs), call.signal, (signal) => invokeOperation(table, name, params, context(call, signal, streaming)), call.abort);

  const visible = (op: Operation) => deps.tools.includes(op) && scopeAllows(state.scopes, op.scope);
  const enableToolsets = (args: Record<string, unknown>, call: CallInfo) => {
    const input = parseParams(EnableToolsetsSchema, args);
    const added = deps.tools.enable(input.toolsets);
    if (added.length) {
      // On the request's own stream when it has one (HTTP POST, stdio), so the client sees it before the reply.
      if (call.notify) void call.notify('notifications/tools/list_changed', {});
      else events.enqueueControl(notification('notifications/tools/list_changed', {}));
    }
    return { enabled: [...deps.tools.enabled], added, tool_count: listTools(table, visible).length };
  };

  const methods = new Map<string, Handler>([
    ['initialize', (params) => initialize(lifecycle, params, core.version)],
    ['notifications/initialized', () => {
      lifecycle.ready = true;
      return {};
    }],
    ['ping', () => ({})],
    ['server/discover', () => discover(core.version)],
    ['tools/list', () => ({ tools: listTools(table, visible) })],
    ['tools/call', async (params, call) => {
      const input = parseParams(ToolCallSchema, params);
      if (input.name === ENABLE_TOOL) {
        try {
          return toolResult(enableToolsets(input.arguments ?? {}, call));
        } catch (err) {
          return toolError(err);
        }
      }
      const op = findTool(table, input.name);
      if (!op) throw new AppError('INVALID_PARAMS', `Unknown tool: ${input.name}`, { details: { tool: input.name } });
      try {
        // `stream` is ignored for tools: the final result is returned.
        return toolResult(await runOperation(op, op.name, input.arguments ?? {}, call, false));
      } catch (err) {
        if (call.signal.aborted) throw err;
        return toolError(err);
      }
    }],
    ['resources/list', (params, call) => listResources(invokeIn(call), params)],
    ['resources/templates/list', () => listResourceTemplates()],
    ['resources/read', (params, call) => readResource(invokeIn(call), params, hasExport)],
    ['prompts/list', (_params, call) => listPrompts(invokeIn(call))],
    ['prompts/get', (params, call) => getPrompt(core, invokeIn(call), params)],
    ['events.subscribe', async (params, call) => {
      const input = parseParams(SubscribeParamsSchema, params);
      const invoke = invokeIn(call);
      const ids = input.persona_ids
        ? await Promise.all(input.persona_ids.map(async (ref) => ((await invoke('persona.get', { persona_id: ref })) as { persona: { id: string } }).persona.id))
        : null;
      return events.subscribe(ids, input.names ?? null);
    }],
    ['events.unsubscribe', (params) => events.unsubscribe(parseParams(UnsubscribeParamsSchema, params).subscription_id)],
    ['persona.chat.cancel', (params) => streams.cancel(params)],
  ]);

  // Not an async function: an operation's promise is returned as it is (no second promise per request).
  return (method, params, call) => {
    const handler = methods.get(method);
    if (!handler) {
      const op = table.get(method);
      if (op) return runOperation(op, method, params, call, !call.batch);
      return Promise.reject(new AppError('METHOD_NOT_FOUND', `Method not found: ${method}`, { details: { method } }));
    }
    try {
      return Promise.resolve(handler(params, call));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
