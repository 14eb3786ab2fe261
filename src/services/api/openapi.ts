// The OpenAPI 3.1 document of the PersonaAPI, generated from the same zod schemas the routes
// validate with (operation table + the non-operation routes), served at /openapi.json and /docs.
import { z } from 'zod';
import { BotConfigInputSchema, BotConfigSchema, BotLogLineSchema, BotStatusSchema, McpClientConfigSchema, McpConfigQuerySchema } from '../../shared/index.ts';
import type { Operation, OperationTable } from '../../core/index.ts';
import { PARTICIPANT_QUERY, inputShape, isParticipantInput } from './query-coerce.ts';
import { NetworkPatchSchema } from './settings-routes.ts';
import { ChatCompletionRequestSchema } from './openai-compat.ts';
import { BotLogsQuerySchema } from './bot-routes.ts';
import { IssuedTokenSchema, TokenIssueSchema } from './token-routes.ts';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema; unrepresentable parts become `{}`. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ERROR = { $ref: '#/components/responses/Error' };
const openApiPath = (path: string) => path.replace(/:([a-z0-9_]+)/gi, '{$1}');
const pathParams = (path: string) => [...path.matchAll(/:([a-z0-9_]+)/gi)].map((m) => m[1] as string);

function operationEntry(op: Operation): Json {
  const rest = op.rest as NonNullable<Operation['rest']>;
  const shape = inputShape(op.input);
  const inPath = pathParams(rest.path);
  const parameters: Json[] = inPath.map((name) => ({ name, in: 'path', required: true, schema: shape[name] ? jsonSchema(shape[name], 'input') : { type: 'string' } }));
  const bodyless = rest.method === 'GET' || rest.method === 'DELETE';
  if (bodyless) {
    for (const [name, schema] of Object.entries(shape)) {
      if (inPath.includes(name)) continue;
      const required = !schema.safeParse(undefined).success;
      parameters.push(isParticipantInput(schema)
        ? { name, in: 'query', required, schema: { type: 'string' }, description: PARTICIPANT_QUERY }
        : { name, in: 'query', required, schema: jsonSchema(schema, 'input'), explode: true });
    }
  }
  const entry: Json = {
    operationId: op.name, summary: op.summary, tags: [op.name.split('.')[0]], 'x-scope': op.scope, 'x-method': op.name,
    parameters,
    responses: { 200: { description: 'Result', content: { 'application/json': { schema: jsonSchema(op.output, 'output') } } }, default: ERROR },
  };
  if (!bodyless) {
    entry.requestBody = { required: false, content: { 'application/json': { schema: jsonSchema(op.input, 'input'), ...(op.example ? { example: op.example.params } : {}) } } };
  }
  if (op.streams) {
    const ok = (entry.responses as Record<string, { description: string; content: Json }>)['200'] as { description: string; content: Json };
    ok.description = 'The result; with `stream:true` a text/event-stream: `event: delta` data `{delta, index}` per piece, then `event: result` (the result) or `event: error` (`{error}`)';
    ok.content['text/event-stream'] = { schema: { type: 'string' } };
  }
  return entry;
}

function route(summary: string, scope: string, extra: Json = {}, result?: z.ZodType): Json {
  return {
    summary, tags: [extra.tag ?? 'service'], 'x-scope': scope, ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'tag')),
    responses: { 200: { description: 'Result', content: { 'application/json': { schema: result ? jsonSchema(result, 'output') : { type: 'object' } } } }, default: ERROR },
  };
}

const personaParam = { name: 'persona_id', in: 'path', required: true, schema: { type: 'string' }, description: 'Persona id or name' };
const jsonBody = (schema: z.ZodType) => ({ requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(schema, 'input') } } } });

/** The routes that are not operations (bots, settings, health, events, OpenAI-compatible). */
function serviceRoutes(): Record<string, Json> {
  const bots = z.object({ bots: z.array(BotStatusSchema) });
  const status = z.object({ status: BotStatusSchema });
  const config = z.object({ config: BotConfigSchema.nullable() });
  return {
    '/api/health': { get: route('Service health: version, LLM, host and mcp service', 'read', { tag: 'system' }) },
    '/api/events': { get: route('Live events (text/event-stream): hello, domain events, bot.status, bot.log, service.status', 'read', {
      tag: 'events', parameters: [
        { name: 'persona_id', in: 'query', schema: { type: 'string' } },
        { name: 'token', in: 'query', schema: { type: 'string' }, description: 'Access token (EventSource cannot set headers)' },
      ],
    }) },
    '/api/bots': { get: route('Status of every configured bot (needs the host)', 'read', { tag: 'bots' }, bots) },
    '/api/bots/status': { get: route('Status of every configured bot, as GET /api/bots (needs the host)', 'read', { tag: 'bots' }, bots) },
    '/api/bots/start-all': { post: route('Start every enabled bot (needs the host)', 'admin', { tag: 'bots' }, bots) },
    '/api/bots/stop-all': { post: route('Stop every bot (needs the host)', 'admin', { tag: 'bots' }, bots) },
    '/api/bots/{persona_id}': { get: route('Status and configuration of a persona\'s bot', 'read', { tag: 'bots', parameters: [personaParam] }, z.object({ status: BotStatusSchema, config: BotConfigSchema.nullable() })) },
    '/api/bots/{persona_id}/start': { post: route('Start the bot', 'admin', { tag: 'bots', parameters: [personaParam] }, status) },
    '/api/bots/{persona_id}/stop': { post: route('Stop the bot', 'admin', { tag: 'bots', parameters: [personaParam] }, status) },
    '/api/bots/{persona_id}/restart': { post: route('Restart the bot', 'admin', { tag: 'bots', parameters: [personaParam] }, status) },
    '/api/bots/{persona_id}/logs': { get: route('Last log lines of the bot', 'read', {
      tag: 'bots', parameters: [personaParam, { name: 'limit', in: 'query', schema: jsonSchema(BotLogsQuerySchema.shape.limit, 'input') }],
    }, z.object({ lines: z.array(BotLogLineSchema) })) },
    '/api/bots/{persona_id}/config': {
      get: route('Bot configuration (secrets as has_* flags)', 'read', { tag: 'bots', parameters: [personaParam] }, config),
      put: route('Create or replace the bot configuration; fields not sent keep their stored value; secrets are write-only', 'admin', { tag: 'bots', parameters: [personaParam], ...jsonBody(BotConfigInputSchema) }, z.object({ config: BotConfigSchema })),
      delete: { summary: 'Delete the bot configuration and its secrets', tags: ['bots'], 'x-scope': 'admin', parameters: [personaParam], responses: { 204: { description: 'Deleted' }, default: ERROR } },
    },
    '/api/settings/llm': { get: route('LLM settings (API key as has_api_key) and health', 'read', { tag: 'settings' }) },
    '/api/settings/network': {
      get: route('Bind host, ports, token and allowed origins', 'admin', { tag: 'settings' }),
      patch: route('Change host or allowed origins in config.json (applies on restart)', 'admin', { tag: 'settings', ...jsonBody(NetworkPatchSchema) }),
    },
    '/api/settings/mcp-config': {
      get: {
        ...route('The MCP client snippet `persona-mcp mcp-config` prints (stdio: this install\'s Node, bin and data dir; http: URL and token header)', 'admin', { tag: 'settings' }, McpClientConfigSchema),
        parameters: [
          { name: 'client', in: 'query', schema: jsonSchema(McpConfigQuerySchema.shape.client, 'input') },
          { name: 'transport', in: 'query', schema: jsonSchema(McpConfigQuerySchema.shape.transport, 'input') },
        ],
      },
    },
    '/api/settings/network/token': { post: route('Regenerate the install token (409 when pinned by config)', 'admin', { tag: 'settings' }, z.object({ token: z.string() })) },
    '/api/settings/tokens': {
      get: route('Issued access tokens (never their values)', 'admin', { tag: 'settings' }, z.object({ tokens: z.array(IssuedTokenSchema) })),
      post: route('Issue a token with scopes; its value is shown only in this answer', 'admin', { tag: 'settings', ...jsonBody(TokenIssueSchema) }, z.object({ id: z.string(), token: z.string(), name: z.string(), scopes: z.array(z.string()) })),
    },
    '/api/settings/tokens/{token_id}': {
      delete: { summary: 'Revoke a token (its open event streams end)', tags: ['settings'], 'x-scope': 'admin', parameters: [{ name: 'token_id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 204: { description: 'Revoked' }, default: ERROR } },
    },
    '/v1/models': { get: route('OpenAI-compatible: personas as models', 'read', { tag: 'openai' }) },
    '/v1/chat/completions': { post: route('OpenAI-compatible chat completion (stream or not) with a persona', 'chat', { tag: 'openai', ...jsonBody(ChatCompletionRequestSchema) }) },
  };
}

/** Builds the OpenAPI 3.1 document of every route. */
export function buildOpenApiDocument(table: OperationTable, version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of table.operations) {
    if (!op.rest) continue;
    const key = openApiPath(op.rest.path);
    paths[key] = { ...(paths[key] ?? {}), [op.rest.method.toLowerCase()]: operationEntry(op) };
  }
  for (const [key, methods] of Object.entries(serviceRoutes())) paths[key] = { ...(paths[key] ?? {}), ...methods };
  return {
    openapi: '3.1.0',
    info: { title: 'PersonaAPI', version, description: 'REST for every persona operation (same names and results as the MCP protocol), live events, bot control and an OpenAI-compatible chat endpoint.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Required beyond loopback; optional on loopback.' } },
      responses: {
        Error: {
          description: 'Error `{error:{code, message, details?, issues?}}` (docs/errors.md)',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' }, issues: { type: 'array' } } } } } } },
        },
      },
    },
    security: [{ bearer: [] }, {}],
    paths,
  };
}
