import { randomUUID } from 'node:crypto';
import { AppError, ERROR_CODES, isAppError } from '../../shared/index.ts';
import type { z } from 'zod';
import { getLogger } from '../../core/index.ts';
import { parseInput } from '../runtime/index.ts';
import type { RpcErrorData, RpcErrorObject } from './jsonrpc.model.ts';

const log = getLogger('mcp.rpc');

/**
 * Maps any thrown value to the wire error object (docs/errors.md), once, via the code registry.
 * Unknown exceptions and INTERNAL_ERROR become `-32603` with an `error_id` that is logged with the
 * cause; their message, details and stack never leave the process.
 */
export function toRpcError(err: unknown): RpcErrorObject {
  if (isAppError(err) && err.code !== 'INTERNAL_ERROR') {
    const data: RpcErrorData = { code: err.code };
    if (err.details !== undefined) data.details = err.details;
    if (err.issues !== undefined) data.issues = err.issues;
    if (err.retryAfterMs !== undefined) data.retry_after_ms = err.retryAfterMs;
    return { code: ERROR_CODES[err.code].rpc, message: err.message, data };
  }
  const errorId = randomUUID();
  log.error({ err, error_id: errorId }, 'internal error');
  return {
    code: ERROR_CODES.INTERNAL_ERROR.rpc,
    message: `Internal error (error_id ${errorId})`,
    data: { code: 'INTERNAL_ERROR', error_id: errorId },
  };
}

/** The HTTP status of a wire error object (for whole-request rejections on HTTP). */
export function httpStatusOf(error: RpcErrorObject): number {
  const entry = ERROR_CODES[error.data.code as keyof typeof ERROR_CODES];
  return entry ? entry.http : 500;
}

/** A RATE_LIMITED error carrying `retry_after_ms`. */
export function rateLimited(message: string, retryAfterMs: number): AppError {
  return new AppError('RATE_LIMITED', message, { retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) });
}

/** Parses JSON-RPC params (INVALID_PARAMS 'Invalid params' with zod's issues when they do not fit). */
export const parseParams = <S extends z.ZodType>(schema: S, params: unknown): z.output<S> => parseInput(schema, params);
