// Which process runs the background jobs (ADR 0008). The host tells each service at fork
// (PERSONA_MCP_JOBS=own|host); a service without a host owns its jobs. The owner answers the job
// actions the host relays to it; every other service forwards its job calls to the host.
import { AppError, JobActionSchema, toIpcError, type JobAction } from '../../shared/index.ts';
import { getLogger, type CoreContext, type JobOwnership } from '../../core/index.ts';
import type { HostLink } from './host-link.ts';

const log = getLogger('jobs.owner');

/** How long a forwarded job action may take, host relay included. */
export const JOB_FORWARD_TIMEOUT_MS = 5_000;

/**
 * The job ownership of a service: forwarded to the host when linked to one that says `host`,
 * otherwise its own (alone, under `persona-mcp serve`, or a host that made it the owner).
 */
export function jobOwnership(env: Record<string, string | undefined>, link: HostLink): JobOwnership {
  if (!link.attached || env.PERSONA_MCP_JOBS !== 'host') return { owner: true };
  return {
    owner: false,
    forward: (action: JobAction, params: Record<string, unknown>) => link.request(JobActionSchema.parse(action), params, JOB_FORWARD_TIMEOUT_MS),
  };
}

/** The owner's side: answers every `job-request` the host relays with a `job-response`. Returns the function that stops answering. */
export function answerJobRequests(core: CoreContext, link: HostLink): () => void {
  if (!core.jobs.owner || !link.attached) return () => {};
  return link.onMessage((message) => {
    if (message.type !== 'job-request') return;
    const { id, action, params } = message;
    core.jobs.answer(action, params).then(
      (result) => link.send({ type: 'job-response', id, ok: true, result }),
      (err: unknown) => {
        if (!(err instanceof AppError)) log.error({ err, action }, 'job action failed');
        link.send({ type: 'job-response', id, ok: false, error: toIpcError(err) });
      },
    );
  });
}
