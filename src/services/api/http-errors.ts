// Maps any thrown value to the REST error body once (docs/errors.md):
// `{error:{code, message, details?, issues?}}` with the registry's HTTP status.
import { randomUUID } from 'node:crypto';
import { AppError, ERROR_CODES, isAppError } from '../../shared/index.ts';
import { getLogger } from '../../core/index.ts';
import { pathParamTooLong } from './request-rules.ts';

const log = getLogger('api');

/** The REST error body. */
export interface RestErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; issues?: unknown[]; retry_after_ms?: number; error_id?: string };
}

/** A mapped error: status, body and headers (Bearer challenge on 401, Retry-After on 429). */
export interface HttpError {
  status: number;
  body: RestErrorBody;
  headers: Record<string, string>;
}

/** Fastify's own errors (content type, size, JSON, URL) as AppErrors; anything else unchanged. */
export function normaliseError(err: unknown, limitBytes?: number): unknown {
  if (isAppError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('UNSUPPORTED_FORMAT', 'Send the body as application/json', { details: { expected: 'application/json' } });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is over the size limit', { details: limitBytes !== undefined ? { limit_bytes: limitBytes } : {} });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('PARSE_ERROR', 'The body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('INVALID_REQUEST', 'Content-Length does not match the body');
    case 'FST_ERR_BAD_URL':
      return new AppError('INVALID_PARAMS', 'The path is not valid percent-encoding', { issues: [{ path: [], code: 'invalid_format', message: 'bad percent-encoding in the path' }] });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return pathParamTooLong();
    case 'FST_STATIC_FORBIDDEN_PATH':
      return new AppError('ROUTE_NOT_FOUND', 'No such page or file');
  }
  if (err instanceof SyntaxError) return new AppError('PARSE_ERROR', 'The body is not valid JSON');
  return err;
}

/** Maps an error; unknown failures become 500 INTERNAL_ERROR with an `error_id` that is logged with the cause. */
export function toHttpError(raw: unknown, limitBytes?: number): HttpError {
  const err = normaliseError(raw, limitBytes);
  if (isAppError(err) && err.code !== 'INTERNAL_ERROR') {
    const body: RestErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    if (err.issues !== undefined) body.error.issues = err.issues;
    const headers: Record<string, string> = {};
    if (err.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer';
    if (err.retryAfterMs !== undefined) {
      body.error.retry_after_ms = err.retryAfterMs;
      headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    }
    return { status: ERROR_CODES[err.code].http, body, headers };
  }
  const errorId = randomUUID();
  log.error({ err, error_id: errorId }, 'internal error');
  return {
    status: 500,
    body: { error: { code: 'INTERNAL_ERROR', message: `Internal error (error_id ${errorId})`, error_id: errorId } },
    headers: {},
  };
}
