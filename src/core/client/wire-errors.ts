import { AppError, ERROR_CODES, ERROR_CODE_NAMES, type ErrorCode, type ValidationIssue } from '../../shared/index.ts';

/** A JSON-RPC error object as the server sends it (docs/errors.md). */
export interface WireError {
  code: number;
  message: string;
  data?: { code?: string; details?: Record<string, unknown>; issues?: ValidationIssue[]; retry_after_ms?: number; error_id?: string };
}

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && code in ERROR_CODES;

/** The stable code of a wire error: `data.code`, else the one matching the numeric code, else INTERNAL_ERROR. */
function stableCode(err: WireError): ErrorCode {
  if (isErrorCode(err.data?.code)) return err.data.code;
  return ERROR_CODE_NAMES.find((n) => ERROR_CODES[n].rpc === err.code) ?? 'INTERNAL_ERROR';
}

/** Converts a JSON-RPC error to the AppError it was on the server (details, issues, retry_after_ms, error_id kept). */
export function fromWireError(err: WireError): AppError {
  const data = err.data ?? {};
  const details = data.error_id === undefined ? data.details : { ...data.details, error_id: data.error_id };
  return new AppError(stableCode(err), err.message, {
    ...(details ? { details } : {}),
    ...(data.issues ? { issues: data.issues } : {}),
    ...(data.retry_after_ms === undefined ? {} : { retryAfterMs: data.retry_after_ms }),
  });
}

/** The error for a refused WebSocket upgrade: the JSON-RPC body when it has one, else by HTTP status. */
export function fromUpgradeRefusal(status: number, body: string): AppError {
  try {
    const parsed = JSON.parse(body) as { error?: WireError };
    if (parsed.error && typeof parsed.error.code === 'number') return fromWireError(parsed.error);
  } catch {
    // not JSON: fall through to the status
  }
  const code = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 429 || status === 503 ? 'RATE_LIMITED' : 'INTERNAL_ERROR';
  return new AppError(code, `WebSocket upgrade refused with HTTP ${status}`, { details: { http_status: status } });
}
