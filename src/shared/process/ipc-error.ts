import { isAppError } from '../errors/app-error.ts';
import type { IpcError } from './process-message.model.ts';

/** The IPC form of any error: AppErrors keep code, message and details; anything else is INTERNAL_ERROR (never a stack). */
export function toIpcError(err: unknown, fallback = 'the request failed in another process'): IpcError {
  if (isAppError(err)) {
    const details = { ...(err.details ?? {}), ...(err.issues ? { issues: err.issues } : {}) };
    return { code: err.code, message: err.message, ...(Object.keys(details).length ? { details } : {}) };
  }
  return { code: 'INTERNAL_ERROR', message: fallback };
}
