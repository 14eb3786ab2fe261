import { z } from 'zod';
import { ERROR_CODE_NAMES, type ErrorCode } from '../errors/error-codes.ts';
import { DomainEventSchema } from '../events/domain-event.model.ts';
import { IdSchema, TimestampSchema } from '../schemas/common.model.ts';
import { JobActionSchema } from './job-message.model.ts';

/**
 * Messages between the host and its children over the IPC channel (docs/architecture.md "Processes"). Every
 * side validates what it receives with these schemas; an invalid message is logged and dropped.
 */

/** A child the host supervises. */
export const ServiceNameSchema = z.enum(['mcp', 'api', 'bot']);
/** A child the host supervises. */
export type ServiceName = z.infer<typeof ServiceNameSchema>;

/**
 * Lifecycle of a supervised child (services and bots alike). `waiting`: started, but not ready
 * because something it needs (a bot's homeserver) is unreachable; it retries by itself, no crash.
 */
export const ChildStateSchema = z.enum(['stopped', 'starting', 'waiting', 'running', 'backoff', 'failed']);
/** Lifecycle of a supervised child. */
export type ChildState = z.infer<typeof ChildStateSchema>;

/** Status of one persona's Matrix bot, as the host's bot supervisor reports it. */
export const BotStatusSchema = z.object({
  persona_id: IdSchema,
  state: ChildStateSchema,
  pid: z.number().int().nullable(),
  started_at: TimestampSchema.nullable(),
  uptime_ms: z.number().int().min(0),
  restarts: z.number().int().min(0),
  last_error: z.string().nullable(),
  /** True once the bot finished its first Matrix sync since it (re)started. */
  synced: z.boolean(),
  autostart: z.boolean(),
});
/** Status of one persona's bot. */
export type BotStatus = z.infer<typeof BotStatusSchema>;

/** One log line of a bot process. */
export const BotLogLineSchema = z.object({
  persona_id: IdSchema,
  at: TimestampSchema,
  stream: z.enum(['stdout', 'stderr', 'supervisor']),
  line: z.string().max(8192),
});
/** One log line of a bot process. */
export type BotLogLine = z.infer<typeof BotLogLineSchema>;

/** Status of one supervised service. */
export const ServiceStatusSchema = z.object({
  service: ServiceNameSchema,
  state: ChildStateSchema,
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  restarts: z.number().int().min(0),
  started_at: TimestampSchema.nullable(),
  last_error: z.string().nullable(),
});
/** Status of one supervised service. */
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/** What a child may ask the host to do (the api service forwards bot control here, and job actions for the job owner). */
export const HostActionSchema = z.enum([
  'bot.list', 'bot.status', 'bot.start', 'bot.stop', 'bot.restart', 'bot.logs', 'bot.start_all', 'bot.stop_all', 'host.status',
  'bot.stop_for_persona_delete',
  ...JobActionSchema.options,
]);
/** A host action. */
export type HostAction = z.infer<typeof HostActionSchema>;

/** Params of `bot.stop_for_persona_delete`: the persona about to be deleted. */
export const BotStopForDeleteParamsSchema = z.object({ persona_id: IdSchema });
/**
 * Answer of `bot.stop_for_persona_delete`: `stopped` is true when a bot process of the persona was
 * live and has exited; the host has forgotten the bot either way (no restart, no list entry).
 */
export const BotStopForDeleteResultSchema = z.object({ persona_id: IdSchema, stopped: z.boolean() });
/** Answer of `bot.stop_for_persona_delete`. */
export type BotStopForDeleteResult = z.infer<typeof BotStopForDeleteResultSchema>;

const ErrorCodeSchema = z.enum(ERROR_CODE_NAMES as [ErrorCode, ...ErrorCode[]]);

/** The wire form of an AppError crossing the IPC channel. */
export const IpcErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** The wire form of an AppError crossing the IPC channel. */
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** Child → host. */
export const ChildMessageSchema = z.discriminatedUnion('type', [
  /** Sent once the child serves; `port` is the bound port (services), `persona_id` for bots. */
  z.object({ type: z.literal('ready'), service: ServiceNameSchema, port: z.number().int().optional(), persona_id: IdSchema.optional() }),
  /** A domain event produced in this child, for the host to relay to the others. */
  z.object({ type: z.literal('event'), event: DomainEventSchema }),
  /** A request the host answers with a `host-response` of the same id. */
  z.object({ type: z.literal('host-request'), id: z.string().min(1).max(64), action: HostActionSchema, params: z.record(z.string(), z.unknown()).default({}) }),
  /** A bot reports progress (e.g. its first sync) to its supervisor. */
  z.object({ type: z.literal('bot-progress'), persona_id: IdSchema, synced: z.boolean(), detail: z.string().max(1024).optional() }),
  /** Not ready yet and retrying by itself (e.g. `homeserver http://…:8008 unreachable: connection refused`): state `waiting`, no crash. */
  z.object({ type: z.literal('waiting'), detail: z.string().max(1024) }),
  /** The error that is about to end the process; `retry: false` (wrong password, revoked token) fails it at once. */
  z.object({ type: z.literal('fatal'), error: z.string().max(1024), retry: z.boolean() }),
  /** The job owner's answer to a `job-request` of the same id (ADR 0008). */
  z.object({ type: z.literal('job-response'), id: z.string().min(1).max(64), ok: z.boolean(), result: z.unknown().optional(), error: IpcErrorSchema.optional() }),
]);
/** Child → host. */
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

/** Host → child. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  /** A domain event relayed from another child. */
  z.object({ type: z.literal('event'), event: DomainEventSchema }),
  /** The answer to a `host-request`: `result` when ok, else `error`. */
  z.object({ type: z.literal('host-response'), id: z.string(), ok: z.boolean(), result: z.unknown().optional(), error: IpcErrorSchema.optional() }),
  /** Bot status changed (pushed to the api service for its event stream). */
  z.object({ type: z.literal('bot-status'), status: BotStatusSchema }),
  /** A bot log line (pushed to the api service for its event stream). */
  z.object({ type: z.literal('bot-log'), line: BotLogLineSchema }),
  /** Service status changed. */
  z.object({ type: z.literal('service-status'), status: ServiceStatusSchema }),
  /** Stop gracefully (used where signals are unavailable, e.g. Electron utility processes). */
  z.object({ type: z.literal('shutdown') }),
  /** A job action another child asked for, sent to the job owner; answered with a `job-response` (ADR 0008). */
  z.object({ type: z.literal('job-request'), id: z.string().min(1).max(64), action: JobActionSchema, params: z.record(z.string(), z.unknown()).default({}) }),
]);
/** Host → child. */
export type HostMessage = z.infer<typeof HostMessageSchema>;
