import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, ERROR_CODE_NAMES } from '../../../../src/shared/index.ts';
import { httpStatusOf, toRpcError } from '../../../../src/services/mcp/rpc-errors.ts';

describe('error mapping (docs/errors.md)', () => {
  it.each(ERROR_CODE_NAMES.filter((c) => c !== 'INTERNAL_ERROR'))('%s maps to its registry code and HTTP status', (code) => {
    const wire = toRpcError(new AppError(code, `message of ${code}`));
    expect(wire).toEqual({ code: ERROR_CODES[code].rpc, message: `message of ${code}`, data: { code } });
    expect(httpStatusOf(wire)).toBe(ERROR_CODES[code].http);
  });

  it('carries details, issues and retry_after_ms', () => {
    const wire = toRpcError(new AppError('RATE_LIMITED', 'slow down', { retryAfterMs: 250, details: { max: 1 } }));
    expect(wire.data).toEqual({ code: 'RATE_LIMITED', details: { max: 1 }, retry_after_ms: 250 });
    const invalid = toRpcError(new AppError('INVALID_PARAMS', 'bad', { issues: [{ path: ['a'], code: 'too_small', message: 'x' }] }));
    expect(invalid.data.issues).toEqual([{ path: ['a'], code: 'too_small', message: 'x' }]);
  });

  it('never sends the message, details or stack of an internal failure', () => {
    for (const err of [new Error('ENOENT /home/me/secret.sqlite'), new AppError('INTERNAL_ERROR', 'row 12 broken', { details: { sql: 'SELECT' } }), 'string thrown', null]) {
      const wire = toRpcError(err);
      expect(wire.code).toBe(-32603);
      expect(Object.keys(wire.data).sort()).toEqual(['code', 'error_id']);
      expect(JSON.stringify(wire)).not.toMatch(/secret|row 12|SELECT|string thrown/);
      expect(wire.message).toContain(wire.data.error_id);
    }
  });

  it('gives each internal failure its own error_id', () => {
    expect(toRpcError(new Error('a')).data.error_id).not.toBe(toRpcError(new Error('a')).data.error_id);
  });
});
