import { z } from 'zod';
import { ERROR_CODES, ERROR_CODE_NAMES, type ErrorCode } from '../../shared/index.ts';
import type { Operation } from './operation.ts';

type Json = Record<string, unknown>;

/** Codes any method can return; listed once at the top of the page, not per operation. */
export const GENERIC_ERROR_CODES: readonly ErrorCode[] = [
  'PARSE_ERROR', 'INVALID_REQUEST', 'METHOD_NOT_FOUND', 'INVALID_PARAMS', 'INTERNAL_ERROR',
  'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'TIMEOUT',
];

/** Method-specific error codes that the params alone do not reveal (persona, memory, session refs do). */
const EXTRA_ERRORS: Record<string, readonly ErrorCode[]> = {
  'persona.create': ['CONFLICT'], 'persona.update': ['CONFLICT'], 'persona.delete': ['BOT_STOP_FAILED'], 'persona.switch': ['PERSONA_UNAVAILABLE'],
  'persona.chat': ['CONFLICT', 'LLM_UNAVAILABLE', 'CANCELLED'], 'persona.chat_stream': ['CONFLICT', 'LLM_UNAVAILABLE', 'CANCELLED'],
  'conversation.send_message': ['CONFLICT', 'LLM_UNAVAILABLE', 'CANCELLED'],
  'persona.import': ['CONFLICT', 'UNSUPPORTED_FORMAT'], 'memory.update': ['CONFLICT'],
  'conversation.start': ['PERSONA_UNAVAILABLE', 'CONFLICT'], 'conversation.turn': ['CONFLICT', 'LLM_UNAVAILABLE'],
  'conversation.end': ['CONFLICT'], 'conversation.history': ['CONVERSATION_NOT_FOUND', 'SESSION_NOT_FOUND'],
  'state.load': ['UNSUPPORTED_FORMAT', 'PERSONA_NOT_FOUND', 'CONFLICT'], 'system.models': ['LLM_UNAVAILABLE'],
  'participant.get': ['PARTICIPANT_NOT_FOUND'], 'participant.link': ['CONFLICT', 'PARTICIPANT_NOT_FOUND'],
};

const PERSONA_REF_KEYS = ['persona_id', 'persona1_id', 'persona2_id', 'speaker_id', 'target_persona', 'participants'];
const REF_ERRORS: Record<string, ErrorCode> = {
  memory_id: 'MEMORY_NOT_FOUND', session_id: 'SESSION_NOT_FOUND', conversation_id: 'CONVERSATION_NOT_FOUND',
};

/** JSON Schema of one side of an operation, without `$schema`, regex patterns of formats and string key schemas. */
export function operationJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return trimSchema(rest) as Json;
}

function trimSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(trimSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pattern' && 'format' in node) continue;
    if (k === 'propertyNames' && JSON.stringify(v) === '{"type":"string"}') continue;
    out[k] = trimSchema(v);
  }
  return out;
}

const props = (schema: Json) => (schema.properties ?? {}) as Record<string, Json>;
const required = (schema: Json) => new Set((schema.required ?? []) as string[]);

/** The error codes an operation can return besides the generic ones, in registry order. */
export function operationErrors(op: Operation): ErrorCode[] {
  const input = operationJsonSchema(op.input, 'input');
  const codes = new Set<ErrorCode>(EXTRA_ERRORS[op.name] ?? []);
  const keys = Object.keys(props(input));
  if (keys.some((k) => PERSONA_REF_KEYS.includes(k))) codes.add('PERSONA_NOT_FOUND');
  if (keys.includes('persona_id') && !required(input).has('persona_id')) codes.add('NO_ACTIVE_PERSONA');
  for (const [key, code] of Object.entries(REF_ERRORS)) if (keys.includes(key)) codes.add(code);
  return ERROR_CODE_NAMES.filter((c) => codes.has(c) && !GENERIC_ERROR_CODES.includes(c));
}

/** A one-cell type of a property schema, or null when it has nested structure a table cell would lose. */
function cellType(s: Json): string | null {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if ('const' in s) return JSON.stringify(s.const);
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (variants) {
    const parts = variants.map(cellType);
    return parts.every((p) => p !== null) ? parts.join(' \\| ') : null;
  }
  if (s.type === 'array') {
    const item = cellType((s.items ?? {}) as Json);
    return item === null || item.includes('|') ? null : `${item}[]`;
  }
  if (s.type === 'object') return Object.keys(props(s)).length === 0 ? 'object' : null;
  if (typeof s.type === 'string') return s.format ? `${s.type} (${s.format})` : s.type;
  return Object.keys(s).length === 0 ? 'any' : null;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown table of the top-level properties, or null when some property does not fit a cell. */
function schemaTable(schema: Json): string | null {
  if (schema.type !== 'object') return null;
  const req = required(schema);
  const rows: string[] = [];
  for (const [name, s] of Object.entries(props(schema))) {
    const type = cellType(s);
    if (type === null) return null;
    const dflt = s.default === undefined ? '' : `\`${cell(JSON.stringify(s.default))}\``;
    const desc = typeof s.description === 'string' ? cell(s.description) : '';
    rows.push(`| \`${name}\` | ${type} | ${req.has(name) ? 'yes' : 'no'} | ${dflt} | ${desc} |`);
  }
  if (rows.length === 0) return '_none_';
  return ['| name | type | required | default | description |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Pretty JSON that keeps any object or array fitting in `width` columns on one line. */
export function compactJson(value: unknown, indent = '', width = 110, prefix = 0): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + prefix + flat.length <= width) return flat;
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => inner + compactJson(v, inner, width))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width, k.length + 4)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? flat : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** The shorter of a property table (when lossless) and the JSON Schema in a fenced block. */
export function renderSchema(schema: Json): string {
  const fenced = ['```json', compactJson(schema), '```'].join('\n');
  const table = schemaTable(schema);
  return table !== null && table.length <= fenced.length ? table : fenced;
}

/** A placeholder value satisfying a property schema (for examples of operations without `example.params`). */
function sampleValue(key: string, s: Json): unknown {
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (variants?.[0]) return sampleValue(key, variants[0]);
  switch (s.type) {
    case 'string':
      if (PERSONA_REF_KEYS.includes(key)) return 'Aria';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'uri' || s.format === 'url') return 'http://127.0.0.1:11434';
      return 'x'.repeat(typeof s.minLength === 'number' && s.minLength > 1 ? s.minLength : 1);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 ? Array.from({ length: s.minItems }, () => sampleValue(key, (s.items ?? {}) as Json)) : [];
    case 'object':
      return minimalParams(s);
    default:
      return null;
  }
}

/** The required params of an input schema, filled with placeholder values. */
export function minimalParams(schema: Json): Json {
  const req = required(schema);
  return Object.fromEntries(Object.entries(props(schema)).filter(([k]) => req.has(k)).map(([k, s]) => [k, sampleValue(k, s)]));
}

/** The example request frame of an operation: `example.params`, else its minimal required params. */
export function exampleRequest(op: Operation, id: number): Json {
  const params = op.example?.params ?? minimalParams(operationJsonSchema(op.input, 'input'));
  return { jsonrpc: '2.0', id, method: op.name, ...(Object.keys(params).length ? { params } : {}) };
}

const anchor = (name: string) => name.replace(/[^a-z0-9_-]/g, '');

function renderOperation(op: Operation, index: number): string {
  const errors = operationErrors(op);
  const facts = [
    `- **Scope:** \`${op.scope}\``,
    `- **MCP tool:** ${op.tool ? `yes${op.destructive ? ' (destructive)' : ''}` : 'no'}`,
    `- **Aliases:** ${op.aliases?.length ? op.aliases.map((a) => `\`${a}\``).join(', ') : '—'}`,
    `- **REST:** ${op.rest ? `\`${op.rest.method} ${op.rest.path}\`` : '—'}`,
    `- **Errors:** ${errors.length ? errors.map((c) => `\`${c}\``).join(', ') : 'generic only'}`,
  ];
  return [
    `### \`${op.name}\``, '', op.summary, '', ...facts, '',
    '**Params**', '', renderSchema(operationJsonSchema(op.input, 'input')), '',
    '**Result**', '', renderSchema(operationJsonSchema(op.output, 'output')), '',
    '**Example**', '', '```json', JSON.stringify(exampleRequest(op, index + 1)), '```', '',
  ].join('\n');
}

/** Renders `docs/protocol.md` from the operations table (a test keeps the file in step). */
export function renderProtocolDocs(operations: readonly Operation[]): string {
  const generic = GENERIC_ERROR_CODES.map((c) => `| \`${c}\` | ${ERROR_CODES[c].rpc} | ${ERROR_CODES[c].meaning} |`);
  const index = operations.map((op) => `| [\`${op.name}\`](#${anchor(op.name)}) | ${op.scope} | ${op.tool ? 'yes' : 'no'} | ${cell(op.summary)} |`);
  return [
    '# Protocol reference (generated)',
    '',
    'Every JSON-RPC method of the operations table, in table order. The same methods are served over WebSocket',
    '(`ws://host:port/mcp`), Streamable HTTP and stdio, as MCP tools where marked, and as PersonaAPI routes where a',
    'REST route is given. Transports, toolsets, scopes, the error shape and limits are in [mcp.md](mcp.md); streaming,',
    'events and connecting a game client are in [game-clients.md](game-clients.md); what the memory methods do is in [memory.md](memory.md).',
    '',
    'Connection-bound methods, not in the table: `persona.chat.cancel {stream_id | request_id}` (stops a stream;',
    'error `STREAM_NOT_FOUND`), `events.subscribe {persona_ids?, names?}` and `events.unsubscribe {subscription_id}`',
    '(error `SUBSCRIPTION_NOT_FOUND`). Server notifications: `persona.chat.delta {request_id, stream_id, delta, index}`',
    'and `events.event {subscription_id, seq, name, persona_id, at, data}`.',
    '',
    '## Errors every method can return',
    '',
    'Errors arrive as `{"code": <JSON-RPC code>, "message": "…", "data": {"code": "<CODE>", "details"?, "issues"?, "retry_after_ms"?}}`;',
    'see [errors.md](errors.md) for all codes. Besides the codes listed per method, any method can return:',
    '',
    '| code | JSON-RPC | meaning |',
    '|---|---|---|',
    ...generic,
    '',
    '## Methods',
    '',
    '| method | scope | MCP tool | summary |',
    '|---|---|---|---|',
    ...index,
    '',
    ...operations.map(renderOperation),
    'This page is generated from the operations table (`src/core/operations/index.ts`) by `node scripts/gen-protocol-docs.ts`;',
    '`tests/unit/core/operations/protocol-docs.test.ts` fails when they differ.',
    '',
  ].join('\n');
}
