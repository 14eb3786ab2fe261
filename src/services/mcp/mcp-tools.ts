import { z } from 'zod';
import type { Operation, OperationTable } from '../../core/index.ts';
import { toRpcError } from './rpc-errors.ts';

/** An MCP tool descriptor (protocol.md §5.3). */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; openWorldHint: boolean };
}

/** A `tools/call` result. */
export interface ToolCallResult {
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
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
    inputSchema: toolSchema(op.input, 'input'),
    outputSchema: toolSchema(op.output, 'output'),
    annotations: { title, readOnlyHint: op.scope === 'read', destructiveHint: op.destructive === true, openWorldHint: false },
  };
}

const cache = new WeakMap<OperationTable, McpTool[]>();

/** Every `tool: true` operation of the table, in declaration order (computed once per table). */
export function listTools(table: OperationTable): McpTool[] {
  let tools = cache.get(table);
  if (!tools) {
    tools = table.operations.filter((op) => op.tool).map(describe);
    cache.set(table, tools);
  }
  return tools;
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

/** A failed tool call (protocol.md §5.3, MCP SEP-1303): `"<DATA_CODE>: <message>"` and the error object. */
export function toolError(err: unknown): ToolCallResult {
  const error = toRpcError(err);
  return { content: [{ type: 'text', text: `${error.data.code}: ${error.message}` }], structuredContent: { error }, isError: true };
}
