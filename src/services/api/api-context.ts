// What every route module of the PersonaAPI works with, and the per-request helpers they share.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppConfig } from '../../shared/index.ts';
import {
  createConnectionState, invokeOperation, type ConnectionState, type CoreContext, type OperationContext, type OperationTable,
  type Scope, type TokenGrant,
} from '../../core/index.ts';
import { grantedScopes, hostPortOf, principalOf, type HostLink, type SecurityPolicy } from '../runtime/index.ts';

/** Timings tests shorten. */
export interface ApiTimings {
  /** SSE comment heartbeat (default 15 s). */
  heartbeatMs?: number;
  /** Budget of the mcp health probe in /api/health (default 1 s). */
  probeMs?: number;
}

/** Shared dependencies of the route modules. */
export interface ApiContext {
  readonly core: CoreContext;
  readonly config: AppConfig;
  readonly link: HostLink;
  readonly table: OperationTable;
  readonly policy: SecurityPolicy;
  readonly timings: Required<ApiTimings>;
  /** Folder of the built dashboard (index.html + assets/). */
  readonly staticDir: string;
  /** The config file PATCH /api/settings/network writes. */
  readonly configFile: string;
  /** The port the API is bound to (after start), else the configured one. */
  apiPort(): number;
  /** Ends every open event stream (shutdown). */
  readonly streams: Set<() => void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token's grant; null when no token was sent (loopback). */
    grant: TokenGrant | null;
    /** The token the request was admitted with (re-verified by long-lived streams). */
    token: string | undefined;
    /** True for a tokenless liveness probe where a token is required (it learns only `status`). */
    anonymous?: boolean;
  }
}

/** The per-request connection state: platform `api`, scopes of the token, LLM budget per token or address. */
export function connectionFor(req: FastifyRequest): ConnectionState {
  const state = createConnectionState(randomUUID(), 'api');
  state.scopes = grantedScopes(req.grant);
  state.principal = principalOf(req.grant, req.socket.remoteAddress);
  return state;
}

/** FORBIDDEN `{required_scope}` unless the request's token grants `scope` (no token on loopback = every scope). */
export function requireScope(req: FastifyRequest, scope: Scope): void {
  if (req.grant && !req.grant.scopes.includes(scope)) {
    throw new AppError('FORBIDDEN', `This route needs a token with the ${scope} scope`, { details: { reason: 'scope', required_scope: scope } });
  }
}

/** An operation context for one request (no streaming, aborted with `signal`; the host port when attached). */
export function operationContext(api: ApiContext, req: FastifyRequest, signal?: AbortSignal, extra: Partial<OperationContext> = {}): OperationContext {
  const host = hostPortOf(api.link);
  return { core: api.core, connection: connectionFor(req), ...(signal ? { signal } : {}), ...(host ? { host } : {}), ...extra };
}

/** Resolves a persona reference (id or name) to its id; PERSONA_NOT_FOUND when unknown. */
export async function resolvePersonaId(api: ApiContext, ref: string): Promise<string> {
  const local = createConnectionState(randomUUID(), 'api');
  const result = (await invokeOperation(api.table, 'persona.get', { persona_id: ref }, { core: api.core, connection: local })) as { persona: { id: string } };
  return result.persona.id;
}

/** An AbortController aborted when the client goes away before the reply finished. */
export function abortOnClose(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished && !controller.signal.aborted) controller.abort(new AppError('CANCELLED', 'the client closed the request'));
  });
  return controller;
}
