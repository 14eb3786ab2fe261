import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../../../../src/shared/index.ts';
import { configureLogging } from '../../../../src/core/index.ts';
import { toHttpError } from '../../../../src/services/api/http-errors.ts';

configureLogging({ level: 'silent' });

describe('toHttpError', () => {
  it('maps every AppError code to its registry status and the REST body', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      if (code === 'INTERNAL_ERROR') continue;
      const mapped = toHttpError(new AppError(code, 'msg', { details: { a: 1 } }));
      expect(mapped.status, code).toBe(ERROR_CODES[code].http);
      expect(mapped.body).toEqual({ error: { code, message: 'msg', details: { a: 1 } } });
    }
  });

  it('adds the Bearer challenge, Retry-After and issues', () => {
    expect(toHttpError(new AppError('UNAUTHORIZED', 'x')).headers['www-authenticate']).toBe('Bearer');
    const limited = toHttpError(new AppError('RATE_LIMITED', 'x', { retryAfterMs: 1500 }));
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.body.error.retry_after_ms).toBe(1500);
    const invalid = toHttpError(new AppError('INVALID_PARAMS', 'x', { issues: [{ path: ['a'], code: 'c', message: 'm' }] }));
    expect(invalid.body.error.issues).toHaveLength(1);
  });

  it('maps the router\'s URL errors to 400 INVALID_PARAMS with issues (never fastify\'s own 414 shape)', () => {
    const fst = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['FST_ERR_BAD_URL', 'FST_ERR_MAX_PARAM_LENGTH']) {
      const mapped = toHttpError(fst(code));
      expect(mapped.status, code).toBe(400);
      expect(mapped.body.error.code).toBe('INVALID_PARAMS');
      expect(mapped.body.error.issues?.length).toBe(1);
    }
  });

  it('maps fastify body errors to our codes', () => {
    const fst = (code: string) => Object.assign(new Error('x'), { code });
    expect(toHttpError(fst('FST_ERR_CTP_INVALID_MEDIA_TYPE')).body.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(toHttpError(fst('FST_ERR_CTP_BODY_TOO_LARGE'), 1024)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1024 } } } });
    expect(toHttpError(new SyntaxError('Unexpected token')).body.error.code).toBe('PARSE_ERROR');
  });

  it('turns anything else into a 500 with an error_id and no trace of the cause', () => {
    const mapped = toHttpError(new TypeError('cannot read secret_field of undefined'));
    expect(mapped.status).toBe(500);
    expect(mapped.body.error.code).toBe('INTERNAL_ERROR');
    expect(mapped.body.error.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(mapped.body)).not.toContain('secret_field');
    expect(toHttpError(new AppError('INTERNAL_ERROR', 'db path /x')).body.error.message).not.toContain('/x');
  });
});
