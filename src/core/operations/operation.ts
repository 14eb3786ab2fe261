import type { z } from 'zod';
import type { CoreContext } from '../core-context.ts';

/** Token scopes (the scope column of docs/protocol.md). */
export type Scope = 'read' | 'chat' | 'write' | 'admin';

/** Per-connection state: never shared between connections. */
export interface ConnectionState {
  readonly id: string;
  /** The transport serving the connection; a chat without a channel gets `api` on REST, `conn:{id}` on MCP (participants are on platform `api` either way). */
  readonly transport: 'mcp' | 'api';
  currentPersonaId: string | null;
  lastConversationId: string | null;
  lastSessionId: string | null;
  /** Scopes the caller's token grants; null = every scope (no token on loopback, local callers). */
  scopes: readonly Scope[] | null;
  /** Who LLM-backed calls are counted against (`token:<id>` or `addr:<ip>`); null = not limited (local callers). */
  principal: string | null;
}

/** What a handler receives besides its validated input. */
export interface OperationContext {
  readonly core: CoreContext;
  readonly connection: ConnectionState;
  /** Aborted when the caller cancels or disconnects. */
  readonly signal?: AbortSignal;
  /** The JSON-RPC id of the request being served (streaming notifications carry it). */
  readonly requestId?: string | number;
  /** Sends a server notification on this connection (e.g. `persona.chat.delta`); absent when the transport cannot. */
  readonly notify?: (method: string, params: Record<string, unknown>) => void | Promise<void>;
  /** Registers a stream of this connection so `persona.chat.cancel` can find it; returns its unregister function. */
  readonly registerStream?: (streamId: string, abort: () => void) => () => void;
  /** What the serving transport reports about itself (system.status); absent for callers with no transport. */
  readonly transport?: TransportProbe;
  /** The host that owns the bot processes, when the serving service is attached to one; absent for the CLI and a service run alone. */
  readonly host?: HostPort;
}

/** What an operation may ask of the host (the owner of the bot processes), passed in by an attached service. */
export interface HostPort {
  /**
   * Stops the persona's bot process, if one runs, and makes the host forget it; resolves with
   * whether a live process was stopped. Rejects (AppError) when the bot could not be stopped.
   */
  stopBotForDelete(personaId: string): Promise<{ stopped: boolean }>;
}

/** Live figures a transport contributes to `system.status`, passed in with each call it serves. */
export interface TransportProbe {
  /** Open client connections of the serving transport. */
  connections(): number;
}

/** REST mapping of an operation (used by the PersonaAPI to generate its routes). */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path with `:param` segments filled from the input, e.g. `/api/personas/:persona_id`. */
  path: string;
}

/**
 * One domain operation, declared once (docs/architecture.md "One request, four entry points"): both services
 * expose it — as a JSON-RPC method and MCP tool, and as a REST route — from this declaration.
 */
export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly summary: string;
  readonly scope: Scope;
  /** Listed as an MCP tool. */
  readonly tool: boolean;
  /** Waits on the LLM: counted against `limits.llm_calls_per_minute` of the caller's principal. */
  readonly llm?: boolean;
  /**
   * Deadline class: `standard` runs under `limits.method_timeout_ms`; `llm` waits on an LLM server
   * (bounded by the LLM's own timeout instead); `pass` walks a whole persona a page at a time with the
   * event loop free between pages (docs/architecture.md "Passes over a whole persona") and runs to its
   * end, which over a million memories takes longer than the method timeout. Default: `llm` when `llm`
   * is set, else `standard`.
   */
  readonly deadline?: DeadlineClass;
  /** Can stream its reply as `persona.chat.delta` notifications / SSE when the caller asks (`stream: true`). */
  readonly streams?: boolean;
  /** MCP `destructiveHint`. */
  readonly destructive?: boolean;
  /** Other method names that call this operation. */
  readonly aliases?: readonly string[];
  readonly rest?: RestRoute;
  readonly input: I;
  readonly output: O;
  /** An example call for the generated docs. */
  readonly example?: { params: Record<string, unknown> };
  handler(ctx: OperationContext, input: z.output<I>): Promise<z.input<O>>;
}

/** How long a transport lets an operation run (see `Operation.deadline`). */
export type DeadlineClass = 'standard' | 'llm' | 'pass';

/** The deadline class of an operation, its default applied. */
export function deadlineClass(op: Pick<Operation, 'llm' | 'deadline'>): DeadlineClass {
  return op.deadline ?? (op.llm ? 'llm' : 'standard');
}

/** The deadline a transport gives an operation: `timeoutMs` (limits.method_timeout_ms) for the standard class, none (0) otherwise. */
export function methodDeadlineMs(op: Pick<Operation, 'llm' | 'deadline'>, timeoutMs: number): number {
  return deadlineClass(op) === 'standard' ? timeoutMs : 0;
}

/** Declares an operation with its types inferred from the zod schemas. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType>(op: Operation<I, O>): Operation<I, O> {
  return op;
}

/** Creates fresh per-connection state. */
export function createConnectionState(id: string, transport: 'mcp' | 'api'): ConnectionState {
  return { id, transport, currentPersonaId: null, lastConversationId: null, lastSessionId: null, scopes: null, principal: null };
}
