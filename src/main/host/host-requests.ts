// Answers a child's `host-request` (docs/architecture.md "Processes": the api service forwards bot control to
// the host, which owns the bot processes). Errors cross the IPC channel as IpcError, never with a stack.
import { z } from 'zod';
import {
  AppError, BotStopForDeleteParamsSchema, BotStopForDeleteResultSchema, IdSchema, isAppError, toIpcError as sharedToIpcError,
  type BotStatus, type ChildMessage, type HostMessage, type IpcError, type ServiceStatus,
} from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import type { BotController } from './bot-controller.ts';

const log = getLogger('host.requests');

/** What `host.status` answers. */
export interface HostStatusResult {
  services: ServiceStatus[];
  /** Every configured bot; empty when this host has no bot supervisor. */
  bots: BotStatus[];
  /** False when bots cannot be controlled from this host. */
  bots_available: boolean;
}

/** What the router needs from the host. */
export interface HostRequestDeps {
  bots: BotController | null;
  services(): ServiceStatus[];
}

const PersonaParams = z.object({ persona_id: IdSchema });
const LogsParams = z.object({ persona_id: IdSchema, limit: z.number().int().min(1).max(10_000).default(200) });

function parse<T extends z.ZodType>(schema: T, params: unknown): z.output<T> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  throw new AppError('INVALID_PARAMS', 'invalid host request params', {
    issues: result.error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== 'symbol'), code: i.code, message: i.message })),
  });
}

function requireBots(bots: BotController | null): BotController {
  if (!bots) throw new AppError('HOST_NOT_ATTACHED', 'bots are not available in this host');
  return bots;
}

/** Runs one host action; rejects with AppError (INVALID_PARAMS, HOST_NOT_ATTACHED, or the bot supervisor's). */
export async function runHostAction(request: Extract<ChildMessage, { type: 'host-request' }>, deps: HostRequestDeps): Promise<unknown> {
  const { action, params } = request;
  switch (action) {
    case 'host.status': {
      const bots = deps.bots ? await deps.bots.list() : [];
      return { services: deps.services(), bots, bots_available: deps.bots !== null } satisfies HostStatusResult;
    }
    case 'bot.list':
      return requireBots(deps.bots).list();
    case 'bot.status':
      return requireBots(deps.bots).status(parse(PersonaParams, params).persona_id);
    case 'bot.start':
      return requireBots(deps.bots).start(parse(PersonaParams, params).persona_id);
    case 'bot.stop':
      return requireBots(deps.bots).stop(parse(PersonaParams, params).persona_id);
    case 'bot.restart':
      return requireBots(deps.bots).restart(parse(PersonaParams, params).persona_id);
    case 'bot.logs': {
      const bots = requireBots(deps.bots);
      const { persona_id, limit } = parse(LogsParams, params);
      return bots.logs(persona_id, limit);
    }
    case 'bot.start_all':
      return requireBots(deps.bots).startAll();
    case 'bot.stop_all':
      return requireBots(deps.bots).stopAll();
    case 'bot.stop_for_persona_delete': {
      // A host without bots runs no bot process: nothing to stop, the delete may go on.
      const { persona_id } = parse(BotStopForDeleteParamsSchema, params);
      const result = deps.bots ? await deps.bots.stopForDelete(persona_id) : { persona_id, stopped: false };
      return BotStopForDeleteResultSchema.parse(result);
    }
    case 'jobs.status':
    case 'jobs.start':
    case 'jobs.stop':
      // The host relays these to the job owner (job-relay.ts) before they reach this router.
      throw new AppError('JOBS_UNAVAILABLE', 'job actions are relayed to the job owner, not answered by the host', { details: { action } });
  }
}

/** The IPC form of any error: AppErrors keep code, message and details; anything else is INTERNAL_ERROR. */
export function toIpcError(err: unknown): IpcError {
  return sharedToIpcError(err, 'the host failed to answer the request');
}

/** Runs the request and builds its `host-response` (never rejects). */
export async function answerHostRequest(request: Extract<ChildMessage, { type: 'host-request' }>, deps: HostRequestDeps): Promise<HostMessage> {
  try {
    const result = await runHostAction(request, deps);
    return { type: 'host-response', id: request.id, ok: true, result };
  } catch (err) {
    if (!isAppError(err)) log.error({ err, action: request.action }, 'host request failed');
    return { type: 'host-response', id: request.id, ok: false, error: toIpcError(err) };
  }
}
