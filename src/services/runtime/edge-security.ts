// The network edge of both services and the host's pre-flight (docs/architecture.md "Edges", ADR 0007),
// written once: loopback detection, the "token required" rule, the Host check (DNS rebinding), the
// browser Origin allowlist, token extraction and verification, scope resolution and CORS.
// Light on purpose: the host imports it, so nothing here may pull in a framework.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError, type AppConfig } from '../../shared/index.ts';
import { SCOPES, type Scope, type TokenGrant, type TokenStore } from '../../core/index.ts';

/** True for a loopback bind address or name: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) return isLoopbackAddress(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
}

/** True when the services require a token: bound beyond loopback, or `auth.require_on_loopback`. */
export function tokenRequired(config: Pick<AppConfig, 'server' | 'auth'>): boolean {
  return !isLoopbackAddress(config.server.host) || config.auth.require_on_loopback;
}

/** The host name of a `Host` header or URL authority, without port and brackets, lower-cased. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') === -1 ? undefined : a.indexOf(']'));
  const colons = a.split(':').length - 1;
  return colons === 1 ? a.slice(0, a.indexOf(':')) : a;
}

/** Normalises an origin for comparison: lower-case, no trailing slash. */
const normalOrigin = (o: string) => o.trim().toLowerCase().replace(/\/+$/, '');

/**
 * True when a browser `Origin` may talk to the server: http(s) on localhost, 127.0.0.1 or [::1]
 * (any port), an exact entry of `allowed` (e.g. `server.allowed_origins`), or — when
 * `requestHost` is given — the server's own origin (same authority as the request's `Host`).
 */
export function isOriginAllowed(origin: string, allowed: readonly string[], requestHost?: string): boolean {
  if (allowed.some((a) => normalOrigin(a) === normalOrigin(origin))) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (requestHost !== undefined && url.host === requestHost.trim().toLowerCase()) return true;
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '127.0.0.1' || h === '::1';
}

/** Compares two tokens in constant time (hashing first makes lengths equal). */
export function tokensEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A verifier that accepts exactly one token with every scope (or none when `token` is undefined). */
export function singleTokenVerifier(token: string | undefined): (sent: string) => TokenGrant | null {
  return (sent) => (token !== undefined && tokensEqual(sent, token) ? { token_id: 'install', scopes: SCOPES } : null);
}

/** The checks one server applies, derived once from the config. */
export interface SecurityPolicy {
  readonly loopback: boolean;
  readonly tokenRequired: boolean;
  /** The grant of a token, or null when it is unknown or revoked (the token store's `verify`). */
  readonly verify: (token: string) => TokenGrant | null;
  readonly allowedOrigins: readonly string[];
  /** Admits the server's own origin (same authority as the request's `Host`): the server of the dashboard. */
  readonly sameOrigin?: boolean;
}

/** How `createSecurityPolicy` derives a server's policy besides the config. */
export interface SecurityPolicyOptions {
  /** The token store; without one only `auth.token` is accepted. */
  tokens?: TokenStore | undefined;
  /**
   * True for the server that serves the dashboard (the PersonaAPI): its own origin is admitted.
   * Otherwise (the mcp service) the dashboard's origin `http://<host>:<api_port>` is admitted beyond loopback.
   */
  servesDashboard?: boolean;
}

/**
 * Derives the policy (`tokenRequired`). With the token store, a required install token is generated
 * when none exists yet (the host prints it); without one, only `auth.token` is accepted and a
 * server that requires it but has none refuses to start (INVALID_PARAMS).
 */
export function createSecurityPolicy(config: AppConfig, options: SecurityPolicyOptions = {}): SecurityPolicy {
  const { tokens, servesDashboard = false } = options;
  const loopback = isLoopbackAddress(config.server.host);
  const required = tokenRequired(config);
  if (tokens && required) tokens.ensureInstallToken();
  if (!tokens && required && !config.auth.token) {
    throw new AppError('INVALID_PARAMS', `Binding ${config.server.host} beyond loopback requires auth.token (set PERSONA_MCP_TOKEN)`, {
      details: { host: config.server.host },
    });
  }
  const dashboardOrigins = loopback || servesDashboard ? [] : [`http://${config.server.host}:${config.server.api_port}`];
  return {
    loopback, tokenRequired: required,
    verify: tokens ? (t) => tokens.verify(t) : singleTokenVerifier(config.auth.token),
    allowedOrigins: [...config.server.allowed_origins, ...dashboardOrigins],
    ...(servesDashboard ? { sameOrigin: true } : {}),
  };
}

/** What the checks read from one HTTP request or WebSocket upgrade. */
export interface RequestCredentials {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** `?token=` where headers cannot be set (WebSocket upgrade, event stream); undefined elsewhere. */
  queryToken?: string | undefined;
}

/** The outcome of `authenticate`: refused, or admitted with the token's grant (null = no token sent). */
export type Authentication =
  | { ok: false; error: AppError }
  | { ok: true; grant: TokenGrant | null; token: string | undefined };

/** True when `origin` may talk to a server with `policy` (its own origin too when `sameOrigin`). */
export function originAllowed(policy: SecurityPolicy, origin: string, requestHost: string | undefined): boolean {
  return isOriginAllowed(origin, policy.allowedOrigins, policy.sameOrigin ? requestHost : undefined);
}

/** Checks Host (loopback only, DNS-rebinding guard) and Origin: FORBIDDEN `{reason}`, or null when admitted. */
export function checkHostAndOrigin(policy: SecurityPolicy, req: Pick<RequestCredentials, 'host' | 'origin'>): AppError | null {
  if (policy.loopback && req.host !== undefined && !isLoopbackAddress(hostName(req.host))) {
    return new AppError('FORBIDDEN', 'Host not allowed', { details: { reason: 'host' } });
  }
  if (req.origin !== undefined && !originAllowed(policy, req.origin, req.host)) {
    return new AppError('FORBIDDEN', 'Origin not allowed', { details: { reason: 'origin' } });
  }
  return null;
}

/**
 * The token a request presents: the bearer of `Authorization` ('' when that header is not a
 * bearer), else `?token=`; undefined when it sent none.
 */
export function presentedToken(req: Pick<RequestCredentials, 'authorization' | 'queryToken'>): string | undefined {
  if (req.authorization !== undefined) return /^Bearer\s+(\S+)\s*$/i.exec(req.authorization)?.[1] ?? '';
  return req.queryToken;
}

/**
 * Checks Host and Origin → FORBIDDEN `{reason}`, then the token → UNAUTHORIZED. A token that is
 * sent must be valid even where none is required.
 */
export function authenticate(policy: SecurityPolicy, req: RequestCredentials): Authentication {
  const denied = checkHostAndOrigin(policy, req);
  if (denied) return { ok: false, error: denied };
  const sent = presentedToken(req);
  if (sent === undefined) {
    return policy.tokenRequired
      ? { ok: false, error: new AppError('UNAUTHORIZED', 'An access token is required (Authorization: Bearer <token>)') }
      : { ok: true, grant: null, token: undefined };
  }
  const grant = sent ? policy.verify(sent) : null;
  if (!grant) return { ok: false, error: new AppError('UNAUTHORIZED', 'Invalid access token') };
  return { ok: true, grant, token: sent };
}

/** `authenticate` reduced to its error (null when admitted). */
export function checkRequest(policy: SecurityPolicy, req: RequestCredentials): AppError | null {
  const auth = authenticate(policy, req);
  return auth.ok ? null : auth.error;
}

/**
 * Watches the token store for long-lived connections: the returned check is true once per change
 * of the store's generation (a token issued, revoked or replaced) since the last check.
 */
export function watchTokens(tokens: Pick<TokenStore, 'generation'>): () => boolean {
  let generation = tokens.generation();
  return () => {
    const current = tokens.generation();
    if (current === generation) return false;
    generation = current;
    return true;
  };
}

/** True when a connection admitted with `token` would no longer be (revoked, replaced); never for a tokenless one. */
export function credentialsRevoked(policy: SecurityPolicy, token: string | undefined): boolean {
  return token !== undefined && !policy.verify(token);
}

/** The scopes a request acts with: its token's, or null (= every scope) when it sent none on loopback. */
export function grantedScopes(grant: TokenGrant | null): readonly Scope[] | null {
  return grant ? grant.scopes : null;
}

/** Who a request's LLM-backed calls count against: its token, else its remote address. */
export function principalOf(grant: TokenGrant | null, remoteAddress: string | undefined): string {
  return grant ? `token:${grant.token_id}` : `addr:${remoteAddress ?? 'unknown'}`;
}
