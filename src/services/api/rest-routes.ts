// REST routes generated from the operation table (docs/architecture.md "One request, four entry points"):
// path params + query (GET/DELETE, coerced to the input schema) or JSON body, invoked through invokeOperation
// (scope, validation, output check), with the generic deadline for the `standard` deadline class. An
// operation that `streams` (persona.chat) answers text/event-stream with `stream:true` (delta events, then
// result or error).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { shapeOf, unwrapSchema } from '../../shared/index.ts';
import { invokeOperation, methodDeadlineMs, type Operation } from '../../core/index.ts';
import { abortOnClose, operationContext, type ApiContext } from './api-context.ts';
import { coerceQuery } from './query-coerce.ts';
import { toHttpError } from './http-errors.ts';
import type { BodyRule } from './request-rules.ts';
import { createSseWriter, withDeadline } from '../runtime/index.ts';

/**
 * Operations of the table without a REST route, and why. The parity test fails when an operation
 * has neither a route nor an entry here. Connection-bound MCP methods outside the table have
 * REST counterparts too: `events.subscribe`/`events.unsubscribe` → `GET /api/events` (SSE);
 * `persona.chat.cancel` → closing the request of a streaming chat.
 */
export const REST_EXCLUDED_OPERATIONS: Readonly<Record<string, string>> = {
  'persona.chat_stream': 'legacy MCP alias; on REST use POST /api/personas/:persona_id/chat with stream:true',
  'conversation.send_message': 'legacy Matrix-bot alias of persona.chat; on REST use POST /api/personas/:persona_id/chat',
  'persona.memory': 'legacy lookup superseded by GET /api/personas/:persona_id/memories/search (memory.search)',
  'persona.relationship': 'legacy lookup superseded by GET /api/personas/:persona1_id/relationship and /relationships',
};

/** Operations whose body may use `server.max_import_bytes` instead of `server.max_message_bytes`. */
export const LARGE_BODY_OPERATIONS: ReadonlySet<string> = new Set(['persona.import', 'state.load']);

/** The body size limit of an operation's route. */
export function bodyLimitOf(api: ApiContext, op: Operation): number {
  return LARGE_BODY_OPERATIONS.has(op.name) ? api.config.server.max_import_bytes : api.config.server.max_message_bytes;
}

/**
 * The body an operation's route takes: none for GET/DELETE (their input is the query) and for an
 * action whose input has no field beyond its path parameters; a JSON object otherwise.
 */
export function bodyRuleOf(op: Operation): BodyRule {
  const rest = op.rest;
  if (!rest || rest.method === 'GET' || rest.method === 'DELETE') return 'none';
  const shape = shapeOf(unwrapSchema(op.input));
  if (!shape) return 'object';
  const inPath = new Set([...rest.path.matchAll(/:([a-z0-9_]+)/gi)].map((m) => m[1]));
  return Object.keys(shape).some((k) => !inPath.has(k)) ? 'object' : 'none';
}

/** The params of a request: query (GET/DELETE) or JSON body (checked by its route's rule), then path params (which win). */
export function requestParams(op: Operation, req: FastifyRequest): Record<string, unknown> {
  const method = op.rest?.method ?? 'GET';
  const base = method === 'GET' || method === 'DELETE'
    ? coerceQuery(req.query as Record<string, string | string[] | undefined>, op.input)
    : { ...((req.body as Record<string, unknown> | undefined) ?? {}) };
  return { ...base, ...(req.params as Record<string, string>) };
}

async function streamChat(api: ApiContext, op: Operation, req: FastifyRequest, reply: FastifyReply, params: Record<string, unknown>): Promise<void> {
  const abort = abortOnClose(reply);
  const sse = createSseWriter(reply.raw, reply.getHeaders());
  const begin = () => {
    if (!sse.started) reply.hijack();
    sse.start();
  };
  const notify = (method: string, p: Record<string, unknown>) => {
    if (method !== 'persona.chat.delta' || abort.signal.aborted) return;
    begin();
    return sse.event('delta', { delta: p.delta, index: p.index });
  };
  try {
    const result = await invokeOperation(api.table, op.name, params, operationContext(api, req, abort.signal, { notify }));
    begin();
    await sse.event('result', result);
    sse.end();
  } catch (err) {
    if (!sse.started) throw err;
    if (!abort.signal.aborted) await sse.event('error', toHttpError(err).body);
    sse.end();
  }
}

/** Registers one route per operation with a `rest` mapping. */
export function registerOperationRoutes(app: FastifyInstance, api: ApiContext): void {
  for (const op of api.table.operations) {
    if (!op.rest) continue;
    const streamable = op.streams === true;
    // The `llm` and `pass` deadline classes get no generic deadline, as on MCP.
    const deadline = methodDeadlineMs(op, api.config.limits.method_timeout_ms);
    app.route({
      method: op.rest.method,
      url: op.rest.path,
      bodyLimit: bodyLimitOf(api, op),
      config: { operation: op.name, body: bodyRuleOf(op) },
      handler: async (req, reply) => {
        const params = requestParams(op, req);
        if (streamable && params.stream === true) return streamChat(api, op, req, reply, params);
        const abort = abortOnClose(reply);
        const result = await withDeadline(deadline, abort.signal, (signal) => invokeOperation(api.table, op.name, params, operationContext(api, req, signal)));
        return reply.code(200).send(result);
      },
    });
  }
}
