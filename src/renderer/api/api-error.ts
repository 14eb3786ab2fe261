import type { ValidationIssue } from '../../shared/index.ts';

/** The REST error body `{error:{code, message, details?, issues?}}` (docs/errors.md). */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  issues?: ValidationIssue[];
}

/**
 * Every failed call of the api client rejects with this: the server's stable `code`, its message,
 * and the zod `issues` when the input was refused. Network failures get code `NETWORK_ERROR`.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly issues: ValidationIssue[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.issues = body.issues ?? [];
  }
}

/** Reads an error body of any shape into an ApiError (falls back to the HTTP status text). */
export function toApiError(status: number, raw: unknown, fallback: string): ApiError {
  const err = (raw as { error?: Partial<ApiErrorBody> } | null)?.error;
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    return new ApiError(status, { code: err.code, message: err.message ?? fallback, ...(err.details ? { details: err.details } : {}), ...(err.issues ? { issues: err.issues } : {}) });
  }
  return new ApiError(status, { code: status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`, message: fallback });
}

/** True when `err` is an ApiError with `code`. */
export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** Short human text for any error thrown by the client or by React code. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
