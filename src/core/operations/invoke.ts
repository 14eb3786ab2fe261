import type { z } from 'zod';
import { AppError, type ValidationIssue } from '../../shared/index.ts';
import type { Operation, OperationContext } from './operation.ts';
import { ASK_ZOD, compileOutputCheck, type OutputCheck } from './output-check.ts';

const outputChecks = new WeakMap<Operation, OutputCheck>();
/** The compiled output check of an operation, built on first use. */
function outputCheck(op: Operation): OutputCheck {
  let check = outputChecks.get(op);
  if (!check) outputChecks.set(op, (check = compileOutputCheck(op.output)));
  return check;
}

/** Operations by method name, aliases included. */
export interface OperationTable {
  readonly operations: readonly Operation[];
  get(name: string): Operation | undefined;
  /** Canonical names (no aliases), in declaration order. */
  names(): string[];
}

/** Builds the lookup table; a duplicate name or alias is a programming error. */
export function createOperationTable(operations: readonly Operation[]): OperationTable {
  const byName = new Map<string, Operation>();
  for (const op of operations) {
    for (const name of [op.name, ...(op.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`duplicate operation name ${name}`);
      byName.set(name, op);
    }
  }
  return {
    operations,
    get: (name) => byName.get(name),
    names: () => operations.map((o) => o.name),
  };
}

/** Converts zod issues to the wire's `issues` list. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), code: i.code, message: i.message }));
}

/**
 * Validates `params` and runs the named operation. Unknown method → METHOD_NOT_FOUND; a token
 * without the operation's scope → FORBIDDEN `{required_scope}`; params that are not an object or
 * fail the schema → INVALID_PARAMS with every issue; an LLM-backed call over the caller's per-minute
 * budget → RATE_LIMITED `{retry_after_ms}` — all before anything runs.
 * The result is checked against the output schema so the contract cannot drift silently (by a
 * check compiled from it, output-check.ts, with zod deciding whenever that check is not sure).
 */
export async function invokeOperation(
  table: OperationTable,
  name: string,
  params: unknown,
  ctx: OperationContext,
): Promise<unknown> {
  const op = table.get(name);
  if (!op) throw new AppError('METHOD_NOT_FOUND', `Method not found: ${name}`, { details: { method: name } });
  const scopes = ctx.connection.scopes;
  if (scopes !== null && !scopes.includes(op.scope)) {
    throw new AppError('FORBIDDEN', `${op.name} needs a token with the ${op.scope} scope`, { details: { reason: 'scope', required_scope: op.scope } });
  }
  const raw = params === undefined || params === null ? {} : params;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('INVALID_PARAMS', 'params must be an object', {
      issues: [{ path: [], code: 'invalid_type', message: 'expected object' }],
    });
  }
  const parsed = op.input.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('INVALID_PARAMS', `Invalid params for ${op.name}`, { issues: toIssues(parsed.error) });
  }
  if (op.llm && ctx.connection.principal !== null) {
    const wait = ctx.core.llmCalls.take(ctx.connection.principal);
    if (wait > 0) {
      throw new AppError('RATE_LIMITED', `Too many LLM-backed calls; at most ${ctx.core.config.limits.llm_calls_per_minute} per minute`, {
        details: { limit: 'llm_calls_per_minute' }, retryAfterMs: wait,
      });
    }
  }
  // The consistency step every entry point takes (CoreContext.refresh): this turn's read snapshot, shared settings.
  ctx.core.refresh();
  const result = await op.handler(ctx, parsed.data);
  const fast = outputCheck(op)(result);
  if (fast !== ASK_ZOD) return fast;
  const checked = op.output.safeParse(result);
  if (!checked.success) {
    throw new AppError('INTERNAL_ERROR', `Operation ${op.name} produced an invalid result`, {
      details: { issues: toIssues(checked.error) },
    });
  }
  return checked.data;
}
