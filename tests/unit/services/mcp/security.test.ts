import { describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../../src/shared/index.ts';
import {
  checkRequest, createSecurityPolicy, hostName, isLoopbackAddress, isOriginAllowed, singleTokenVerifier, tokensEqual, type SecurityPolicy,
} from '../../../../src/services/runtime/index.ts';

const TOKEN = 'install-token-0123456789';
const loopback: SecurityPolicy = { loopback: true, tokenRequired: false, verify: singleTokenVerifier(TOKEN), allowedOrigins: ['https://game.example.org'] };
const lan: SecurityPolicy = { loopback: false, tokenRequired: true, verify: singleTokenVerifier(TOKEN), allowedOrigins: [] };
const req = (over: Partial<Parameters<typeof checkRequest>[1]> = {}) => ({ host: '127.0.0.1:8000', origin: undefined, authorization: undefined, ...over });

describe('loopback and host names', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])('%s is loopback', (h) => expect(isLoopbackAddress(h)).toBe(true));
  it.each(['0.0.0.0', '192.168.1.5', '::', 'example.com', '127.example.com', '10.0.0.1'])('%s is not loopback', (h) => expect(isLoopbackAddress(h)).toBe(false));
  it('strips ports and brackets from Host headers', () => {
    expect(hostName('localhost:8000')).toBe('localhost');
    expect(hostName('[::1]:8000')).toBe('::1');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName('Evil.Example:80')).toBe('evil.example');
  });
});

describe('Origin allowlist', () => {
  it.each(['http://localhost:5173', 'https://127.0.0.1', 'http://[::1]:3000', 'http://localhost'])('allows %s', (o) => expect(isOriginAllowed(o, [])).toBe(true));
  it.each(['https://evil.example', 'null', 'file://', 'http://localhost.evil.example', 'ws://localhost'])('refuses %s', (o) => expect(isOriginAllowed(o, [])).toBe(false));
  it('allows configured origins exactly', () => {
    expect(isOriginAllowed('https://game.example.org/', ['https://game.example.org'])).toBe(true);
    expect(isOriginAllowed('https://game.example.org:444', ['https://game.example.org'])).toBe(false);
  });
});

describe('request checks', () => {
  it('lets tokenless loopback requests through', () => {
    expect(checkRequest(loopback, req())).toBeNull();
  });

  it('requires a valid token beyond loopback (header or query)', () => {
    expect(checkRequest(lan, req({ host: '192.168.1.5:8000' }))?.code).toBe('UNAUTHORIZED');
    expect(checkRequest(lan, req({ authorization: 'Bearer wrong-token-000000000' }))?.code).toBe('UNAUTHORIZED');
    expect(checkRequest(lan, req({ authorization: `Basic ${TOKEN}` }))?.code).toBe('UNAUTHORIZED');
    expect(checkRequest(lan, req({ authorization: `Bearer ${TOKEN}` }))).toBeNull();
    expect(checkRequest(lan, req({ queryToken: TOKEN }))).toBeNull();
    expect(checkRequest(lan, req({ queryToken: 'nope' }))?.code).toBe('UNAUTHORIZED');
  });

  it('checks a token that is sent even on loopback', () => {
    expect(checkRequest(loopback, req({ authorization: 'Bearer not-the-token' }))?.code).toBe('UNAUTHORIZED');
    expect(checkRequest(loopback, req({ authorization: `Bearer ${TOKEN}` }))).toBeNull();
    expect(checkRequest({ ...loopback, verify: singleTokenVerifier(undefined) }, req({ authorization: `Bearer ${TOKEN}` }))?.code).toBe('UNAUTHORIZED');
  });

  it('refuses a foreign Origin with FORBIDDEN reason origin, even with a token', () => {
    const err = checkRequest(lan, req({ origin: 'https://evil.example', authorization: `Bearer ${TOKEN}` }));
    expect(err?.code).toBe('FORBIDDEN');
    expect(err?.details).toEqual({ reason: 'origin' });
    expect(checkRequest(loopback, req({ origin: 'https://game.example.org' }))).toBeNull();
  });

  it('refuses a foreign Host on loopback (DNS rebinding) but not beyond loopback', () => {
    const err = checkRequest(loopback, req({ host: 'attacker.example:8000' }));
    expect(err?.details).toEqual({ reason: 'host' });
    expect(checkRequest(loopback, req({ host: 'localhost:8000' }))).toBeNull();
    expect(checkRequest(lan, req({ host: 'persona.lan:8000', authorization: `Bearer ${TOKEN}` }))).toBeNull();
  });

  it('compares tokens by value', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });
});

describe('policy from config', () => {
  it('requires a token beyond loopback and refuses to start without one', () => {
    expect(() => createSecurityPolicy(AppConfigSchema.parse({ server: { host: '0.0.0.0' } }))).toThrow(/requires auth.token/);
    const p = createSecurityPolicy(AppConfigSchema.parse({ server: { host: '0.0.0.0', api_port: 8080 }, auth: { token: TOKEN } }));
    expect(p).toMatchObject({ loopback: false, tokenRequired: true });
    expect(p.allowedOrigins).toContain('http://0.0.0.0:8080');
  });

  it('keeps loopback open unless require_on_loopback', () => {
    expect(createSecurityPolicy(AppConfigSchema.parse({})).tokenRequired).toBe(false);
    expect(createSecurityPolicy(AppConfigSchema.parse({ auth: { require_on_loopback: true, token: TOKEN } })).tokenRequired).toBe(true);
  });
});
