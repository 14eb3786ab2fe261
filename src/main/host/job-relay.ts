// The host's part of background-job ownership (ADR 0008): it names one service the job owner at
// fork (PERSONA_MCP_JOBS), and relays the job actions another service asks for to that owner,
// validating the owner's answer before it passes it on.
import {
  AppError, JobActionResultSchema, JobStatesSchema, createPendingCalls, toIpcError, type ChildMessage, type HostMessage, type JobAction,
} from '../../shared/index.ts';

/** Who owns the jobs under this host: the first of the services it runs, in start order (mcp, then api). */
export function chooseJobOwner<S extends string>(runnable: readonly S[]): S | null {
  return runnable[0] ?? null;
}

/** The value of PERSONA_MCP_JOBS for `service`: `own` for the owner, `host` (forward) for the others. */
export function jobsEnv(service: string, owner: string | null): 'own' | 'host' {
  return service === owner ? 'own' : 'host';
}

/** What the relay needs: a way to send to the owner, when it is running. */
export interface JobRelayDeps {
  /** Sends a message to the current owner; false when it is not running (restarting, failed, stopped). */
  sendToOwner(message: HostMessage): boolean;
  /** How long the owner may take to answer (default 4 s, under the requester's 5 s). */
  timeoutMs?: number;
}

/** Relays job actions to the owner and matches its answers. */
export interface JobRelay {
  /** Asks the owner; resolves with its validated answer, rejects with JOBS_UNAVAILABLE or the owner's error. */
  ask(action: JobAction, params: Record<string, unknown>): Promise<unknown>;
  /** Takes the owner's `job-response` (unknown ids are dropped). */
  onResponse(message: Extract<ChildMessage, { type: 'job-response' }>): void;
  /** Rejects everything pending (host stop, owner exit). */
  failAll(reason: string): void;
}

const RESULT_SCHEMAS = { 'jobs.status': JobStatesSchema, 'jobs.start': JobActionResultSchema, 'jobs.stop': JobActionResultSchema } as const;

/** Creates the relay. */
export function createJobRelay(deps: JobRelayDeps): JobRelay {
  const timeoutMs = deps.timeoutMs ?? 4_000;
  const pending = createPendingCalls<JobAction>();
  const unavailable = (action: JobAction, why: string) => new AppError('JOBS_UNAVAILABLE', `the job owner ${why}`, { details: { action } });
  return {
    ask(action, params) {
      return pending.open({
        meta: action,
        timeoutMs,
        send: (id) => deps.sendToOwner({ type: 'job-request', id, action, params }),
        timeoutError: () => unavailable(action, `did not answer ${action} within ${timeoutMs} ms`),
        unsentError: () => unavailable(action, 'is not running'),
      });
    },
    onResponse(message) {
      pending.settle(message.id, (action) => {
        if (!message.ok) {
          const error = message.error ?? toIpcError(null);
          throw new AppError(error.code, error.message, { details: error.details });
        }
        const parsed = RESULT_SCHEMAS[action].safeParse(message.result);
        if (!parsed.success) throw new AppError('INTERNAL_ERROR', `the job owner answered ${action} with an invalid result`);
        return parsed.data;
      });
    },
    failAll(reason) {
      pending.failAll((action) => unavailable(action, reason));
    },
  };
}
