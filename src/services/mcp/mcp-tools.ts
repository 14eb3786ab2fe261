import { z } from 'zod';
import type { Operation, OperationTable } from '../../core/index.ts';
import { toRpcError } from './rpc-errors.ts';
import { leanSchema } from './lean-schema.ts';
import { ENABLE_TOOL, TOOLSET_NAMES, ToolsetNameSchema } from './toolsets.ts';

/** An MCP tool descriptor. */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; openWorldHint: boolean };
}

/** A `tools/call` result; an error result carries no `structuredContent` (it would not match the output schema). */
export interface ToolCallResult {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError: boolean;
}

/**
 * JSON Schema 2020-12 of a zod schema, as seen by a caller (`input`) or of a result (`output`).
 * MCP requires an object at the root, so a union of objects gets `type: "object"` added.
 */
export function toolSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  if (json.type === undefined) json.type = 'object';
  return json;
}

/** `memory.prune_all` → `Memory prune all`. */
export function toolTitle(name: string): string {
  const words = name.split(/[._]/).filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describe(op: Operation): McpTool {
  const title = toolTitle(op.name);
  return {
    name: op.name,
    title,
    description: op.summary,
    inputSchema: leanSchema(toolSchema(op.input, 'input'), 'input'),
    outputSchema: leanSchema(toolSchema(op.output, 'output'), 'output'),
    annotations: { readOnlyHint: op.scope === 'read', destructiveHint: op.destructive === true, openWorldHint: false },
  };
}

const cache = new WeakMap<OperationTable, McpTool[]>();

/** Every `tool: true` operation of the table, in declaration order (computed once per table). */
export function allTools(table: OperationTable): McpTool[] {
  let tools = cache.get(table);
  if (!tools) {
    tools = table.operations.filter((op) => op.tool).map(describe);
    cache.set(table, tools);
  }
  return tools;
}

/** Input of `toolsets.enable`. */
export const EnableToolsetsSchema = z.object({
  toolsets: z.array(ToolsetNameSchema).min(1).max(TOOLSET_NAMES.length)
    .describe('Toolsets to add: personas (create, edit, import/export), memory, relationships, conversations, admin, or all.'),
}).strict();

/** Result of `toolsets.enable`. */
export const EnableToolsetsResultSchema = z.object({
  enabled: z.array(ToolsetNameSchema),
  added: z.array(ToolsetNameSchema),
  tool_count: z.number().int().min(0),
});

/** The descriptor of `toolsets.enable`, the MCP-only tool that widens the tool list at run time. */
export const ENABLE_TOOL_DESCRIPTOR: McpTool = {
  name: ENABLE_TOOL,
  title: 'Enable toolsets',
  description: 'Load more toolsets into the tool list. Use when the listed tools cannot do what the user asks (e.g. edit a persona, prune memories).',
  inputSchema: leanSchema(toolSchema(EnableToolsetsSchema, 'input'), 'input'),
  outputSchema: leanSchema(toolSchema(EnableToolsetsResultSchema, 'output'), 'output'),
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
};

/** The tools of `table` that pass `keep` (toolset and scope), then `toolsets.enable`. */
export function listTools(table: OperationTable, keep: (op: Operation) => boolean = () => true): McpTool[] {
  const tools = allTools(table);
  const listed = table.operations.filter((op) => op.tool);
  return [...tools.filter((_t, i) => keep(listed[i] as Operation)), ENABLE_TOOL_DESCRIPTOR];
}

/** The operation behind a tool name, or undefined when it is not a tool (aliases are not tools). */
export function findTool(table: OperationTable, name: string): Operation | undefined {
  const op = table.get(name);
  return op && op.tool && op.name === name ? op : undefined;
}

/** A successful tool result: the JSON text and the structured result. */
export function toolResult(result: unknown): ToolCallResult {
  const structured = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : { result }) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: structured, isError: false };
}

/** The typed error a failed tool call carries in its text content (docs/mcp.md "Errors"). */
export interface ToolErrorBody {
  error: { code: string; message: string; details?: unknown; issues?: unknown; retry_after_ms?: number; error_id?: string };
}

/**
 * A failed tool call (MCP SEP-1303): `isError` and the typed error as JSON text,
 * without `structuredContent`, so a client that checks structured content against the tool's
 * output schema (the official SDK does) returns the result instead of throwing.
 */
export function toolError(err: unknown): ToolCallResult {
  const { message, data } = toRpcError(err);
  const { code, ...rest } = data;
  const body: ToolErrorBody = { error: { code, message, ...rest } };
  return { content: [{ type: 'text', text: JSON.stringify(body) }], isError: true };
}
