// Zod at the boundary: what a caller sends is parsed once, and what does not fit is
// INVALID_PARAMS with zod's issues — the same for JSON-RPC params and REST bodies and queries.
import type { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import { toIssues } from '../../core/index.ts';

/** Parses `value` with `schema`; throws INVALID_PARAMS `message` with the issues when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message = 'Invalid params'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PARAMS', message, { issues: toIssues(parsed.error) });
  return parsed.data;
}
