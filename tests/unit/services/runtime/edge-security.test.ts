import { describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../../src/shared/index.ts';
import { SCOPES, type TokenGrant, type TokenStore } from '../../../../src/core/index.ts';
import {
  answerPreflight, authenticate, checkHostAndOrigin, corsHeaders, createSecurityPolicy, credentialsRevoked, grantedScopes, presentedToken,
  principalOf, tokenRequired, watchTokens, type CorsRules, type SecurityPolicy,
} from '../../../../src/services/runtime/index.ts';

const TOKEN = 'install-token-0123456789';
const config = (over: Record<string, unknown> = {}) => AppConfigSchema.parse(over);

/** A token store that knows one token and counts install-token requests. */
function tokenStore(): TokenStore & { ensured: number } {
  const store = {
    ensured: 0,
    ensureInstallToken() {
      store.ensured += 1;
      return TOKEN;
    },
    verify: (t: string): TokenGrant | null => (t === TOKEN ? { token_id: 'install', scopes: SCOPES } : null),
  };
  return store as unknown as TokenStore & { ensured: number };
}

describe('the token-required rule', () => {
  it('requires a token beyond loopback or with require_on_loopback', () => {
    expect(tokenRequired(config())).toBe(false);
    expect(tokenRequired(config({ server: { host: 'localhost' } }))).toBe(false);
    expect(tokenRequired(config({ server: { host: '0.0.0.0' } }))).toBe(true);
    expect(tokenRequired(config({ server: { host: '192.168.1.5' } }))).toBe(true);
    expect(tokenRequired(config({ auth: { require_on_loopback: true } }))).toBe(true);
  });

  it('makes the token store ensure the install token only when required', () => {
    const loop = tokenStore();
    createSecurityPolicy(config(), { tokens: loop });
    expect(loop.ensured).toBe(0);
    const lan = tokenStore();
    const policy = createSecurityPolicy(config({ server: { host: '0.0.0.0' } }), { tokens: lan });
    expect(lan.ensured).toBe(1);
    expect(policy.verify(TOKEN)).toMatchObject({ token_id: 'install' });
  });
});

describe('origins of the dashboard', () => {
  const lan = config({ server: { host: '192.168.1.5', api_port: 8080 } });
  const req = { host: '192.168.1.5:8000', origin: 'http://192.168.1.5:8080', authorization: undefined };

  it('the mcp service admits the dashboard origin beyond loopback, not its own origin', () => {
    const policy = createSecurityPolicy(lan, { tokens: tokenStore() });
    expect(policy.allowedOrigins).toEqual(['http://192.168.1.5:8080']);
    expect(checkHostAndOrigin(policy, req)).toBeNull();
    expect(checkHostAndOrigin(policy, { host: '192.168.1.5:8000', origin: 'http://192.168.1.5:8000' })?.details).toEqual({ reason: 'origin' });
  });

  it('the server of the dashboard admits its own origin and adds none', () => {
    const policy = createSecurityPolicy(lan, { tokens: tokenStore(), servesDashboard: true });
    expect(policy.allowedOrigins).toEqual([]);
    expect(checkHostAndOrigin(policy, { host: '192.168.1.5:8080', origin: 'http://192.168.1.5:8080' })).toBeNull();
    expect(checkHostAndOrigin(policy, { host: '192.168.1.5:8080', origin: 'http://192.168.1.5:9999' })?.details).toEqual({ reason: 'origin' });
  });
});

describe('tokens and scopes', () => {
  it('extracts the bearer token, falling back to ?token=', () => {
    expect(presentedToken({ authorization: `Bearer ${TOKEN}` })).toBe(TOKEN);
    expect(presentedToken({ authorization: `bearer   ${TOKEN}  ` })).toBe(TOKEN);
    expect(presentedToken({ authorization: `Basic ${TOKEN}`, queryToken: TOKEN })).toBe('');
    expect(presentedToken({ authorization: undefined, queryToken: 'q' })).toBe('q');
    expect(presentedToken({ authorization: undefined })).toBeUndefined();
  });

  it('resolves scopes and principals from the grant', () => {
    const grant: TokenGrant = { token_id: 't1', scopes: ['read'] };
    expect(grantedScopes(grant)).toEqual(['read']);
    expect(grantedScopes(null)).toBeNull();
    expect(principalOf(grant, '10.0.0.1')).toBe('token:t1');
    expect(principalOf(null, '10.0.0.1')).toBe('addr:10.0.0.1');
    expect(principalOf(null, undefined)).toBe('addr:unknown');
  });

  it('admits a valid token with its grant and token', () => {
    const policy = createSecurityPolicy(config({ server: { host: '0.0.0.0' } }), { tokens: tokenStore() });
    expect(authenticate(policy, { host: 'x:1', origin: undefined, authorization: `Bearer ${TOKEN}` })).toMatchObject({ ok: true, token: TOKEN, grant: { token_id: 'install' } });
    expect(authenticate(policy, { host: 'x:1', origin: undefined, authorization: undefined })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });
});

describe('revocation of long-lived connections', () => {
  it('reports each change of the token generation once', () => {
    let generation = 1;
    const changed = watchTokens({ generation: () => generation });
    expect(changed()).toBe(false);
    generation = 2;
    expect(changed()).toBe(true);
    expect(changed()).toBe(false);
  });

  it('revokes a connection whose token no longer verifies, never a tokenless one', () => {
    const policy = createSecurityPolicy(config(), { tokens: tokenStore() });
    expect(credentialsRevoked(policy, TOKEN)).toBe(false);
    expect(credentialsRevoked(policy, 'revoked-token')).toBe(true);
    expect(credentialsRevoked(policy, undefined)).toBe(false);
  });
});

describe('CORS', () => {
  const rules: CorsRules = { allowMethods: 'GET, OPTIONS', allowHeaders: 'Authorization', exposeHeaders: 'X-Id' };
  const policy: SecurityPolicy = { loopback: true, tokenRequired: true, verify: () => null, allowedOrigins: ['https://ui.example'] };

  it('echoes an allowed origin with Vary and the exposed headers, nothing for others', () => {
    expect(corsHeaders(policy, rules, { host: '127.0.0.1:1', origin: 'https://ui.example' })).toEqual({
      'Access-Control-Allow-Origin': 'https://ui.example', Vary: 'Origin', 'Access-Control-Expose-Headers': 'X-Id',
    });
    expect(corsHeaders(policy, { ...rules, exposeHeaders: undefined }, { host: '127.0.0.1:1', origin: 'http://localhost:5173' })).toEqual({
      'Access-Control-Allow-Origin': 'http://localhost:5173', Vary: 'Origin',
    });
    expect(corsHeaders(policy, rules, { host: '127.0.0.1:1', origin: 'https://evil.example' })).toEqual({});
    expect(corsHeaders(policy, rules, { host: '127.0.0.1:1', origin: undefined })).toEqual({});
  });

  it('answers a preflight without credentials after the Host and Origin checks', () => {
    const ok = answerPreflight(policy, rules, { host: '127.0.0.1:1', origin: 'https://ui.example', privateNetwork: 'true' });
    expect(ok).toEqual({
      ok: true,
      headers: {
        'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Allow-Headers': 'Authorization', 'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Private-Network': 'true',
      },
    });
    const plain = answerPreflight(policy, rules, { host: '127.0.0.1:1', origin: undefined, privateNetwork: undefined });
    expect(plain.ok && 'Access-Control-Allow-Private-Network' in plain.headers).toBe(false);
    expect(answerPreflight(policy, rules, { host: 'evil.example', origin: undefined, privateNetwork: undefined })).toMatchObject({ ok: false, error: { details: { reason: 'host' } } });
    expect(answerPreflight(policy, rules, { host: '127.0.0.1:1', origin: 'https://evil.example', privateNetwork: undefined })).toMatchObject({ ok: false, error: { details: { reason: 'origin' } } });
  });
});
