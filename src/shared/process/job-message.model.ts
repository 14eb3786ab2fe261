import { z } from 'zod';
import { TimestampSchema } from '../schemas/common.model.ts';

/**
 * Background jobs across processes (ADR 0008): the actions a non-owner forwards to the job owner
 * through the host, and the state the owner answers with. Validated on every side of the IPC channel.
 */

/** What a process may ask the job owner to do. */
export const JobActionSchema = z.enum(['jobs.status', 'jobs.start', 'jobs.stop']);
/** A job action. */
export type JobAction = z.infer<typeof JobActionSchema>;

/** Params of `jobs.start` and `jobs.stop`: the job's registered name. */
export const JobParamsSchema = z.object({ job: z.string().min(1).max(64) });

/** One job's state in its owner process. */
export const JobStateSchema = z.object({
  name: z.string(),
  running: z.boolean(),
  /** Whether the saved settings enable it (a serving owner follows this). */
  enabled: z.boolean(),
  next_run_at: TimestampSchema.nullable(),
  /** The process that runs the job. */
  owner_pid: z.number().int(),
});
/** One job's state in its owner process. */
export type JobState = z.infer<typeof JobStateSchema>;

/** Every job's state by name (`jobs.status`). */
export const JobStatesSchema = z.record(z.string(), JobStateSchema);

/** The answer to `jobs.start` / `jobs.stop`: whether it changed anything, and the state after. */
export const JobActionResultSchema = z.object({ changed: z.boolean(), state: JobStateSchema });
/** The answer to `jobs.start` / `jobs.stop`. */
export type JobActionResult = z.infer<typeof JobActionResultSchema>;
