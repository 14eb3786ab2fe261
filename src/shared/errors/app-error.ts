import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/** One problem found by validation, in wire form (a zod issue reduced to path, code and message). */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Optional structured data carried by an AppError. */
export interface AppErrorOptions {
  details?: Record<string, unknown>;
  issues?: ValidationIssue[];
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error type thrown inside a process. Each edge (JSON-RPC, HTTP, IPC) maps it once
 * to its wire form via the code registry; stack traces never leave the process.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly issues: ValidationIssue[] | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.issues = options.issues;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** JSON-RPC error code of this error's stable code. */
  get rpcCode(): number {
    return ERROR_CODES[this.code].rpc;
  }

  /** HTTP status of this error's stable code. */
  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

/** True when `err` is an AppError (also across module copies, by shape). */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError || (err instanceof Error && err.name === 'AppError' && 'code' in err);
}
