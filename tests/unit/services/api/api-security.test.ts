import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../../src/core/index.ts';
import {
  authenticate as authenticateApi, hostName, isLoopbackAddress, isOriginAllowed, type SecurityPolicy as ApiSecurityPolicy,
} from '../../../../src/services/runtime/index.ts';

const policy = (over: Partial<ApiSecurityPolicy> = {}): ApiSecurityPolicy => ({
  loopback: true, tokenRequired: false, allowedOrigins: ['https://ui.example'],
  verify: (t) => (t === 'good' ? { token_id: 'install', scopes: SCOPES } : null), ...over,
});
const creds = (over: Record<string, string | undefined> = {}) => ({ host: '127.0.0.1:8080', origin: undefined, authorization: undefined, queryToken: undefined, ...over });

describe('api security policy', () => {
  it('knows loopback addresses and host names', () => {
    for (const h of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackAddress(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', 'evil.example', '::']) expect(isLoopbackAddress(h), h).toBe(false);
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('Example.COM:80')).toBe('example.com');
  });

  it('allows local origins, listed origins and the same origin; refuses others', () => {
    expect(isOriginAllowed('http://localhost:5173', [])).toBe(true);
    expect(isOriginAllowed('https://ui.example/', ['https://ui.example'])).toBe(true);
    expect(isOriginAllowed('http://192.168.1.5:8080', [], '192.168.1.5:8080')).toBe(true);
    expect(isOriginAllowed('http://192.168.1.5:9999', [], '192.168.1.5:8080')).toBe(false);
    expect(isOriginAllowed('null', [])).toBe(false);
    expect(isOriginAllowed('file://x', [])).toBe(false);
  });

  it('checks Host on loopback, then Origin, then the token', () => {
    expect(authenticateApi(policy(), creds({ host: 'evil.example' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'host' } } });
    expect(authenticateApi(policy(), creds({ origin: 'http://evil.example' }))).toMatchObject({ ok: false, error: { details: { reason: 'origin' } } });
    expect(authenticateApi(policy(), creds())).toEqual({ ok: true, grant: null });
    expect(authenticateApi(policy(), creds({ authorization: 'Bearer bad' }))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(authenticateApi(policy(), creds({ authorization: 'Basic Zm9v' }))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('beyond loopback: no token is refused, any Host is fine, ?token= counts where passed', () => {
    const open = policy({ loopback: false, tokenRequired: true });
    expect(authenticateApi(open, creds({ host: '192.168.1.5:8080' }))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(authenticateApi(open, creds({ host: '192.168.1.5:8080', authorization: 'bearer good' }))).toMatchObject({ ok: true, grant: { token_id: 'install' } });
    expect(authenticateApi(open, creds({ queryToken: 'good' }))).toMatchObject({ ok: true });
  });
});
