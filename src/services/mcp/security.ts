import { AppError, type AppConfig } from '../../shared/index.ts';
import { SCOPES, type TokenGrant, type TokenStore } from '../../core/index.ts';
import { hostName, isLoopbackAddress, isOriginAllowed, tokensEqual } from '../runtime/index.ts';

export { hostName, isLoopbackAddress, isOriginAllowed, tokensEqual };

// Network security of protocol.md §1.3: token beyond loopback, Origin allowlist, Host check.

/** The checks one server applies, derived once from the config. */
export interface SecurityPolicy {
  readonly loopback: boolean;
  readonly tokenRequired: boolean;
  /** The grant of a token, or null when it is unknown or revoked (the token store's `verify`). */
  readonly verify: (token: string) => TokenGrant | null;
  readonly allowedOrigins: readonly string[];
}

/** A verifier that accepts exactly one token with every scope (or none when `token` is undefined). */
export function singleTokenVerifier(token: string | undefined): (sent: string) => TokenGrant | null {
  return (sent) => (token !== undefined && tokensEqual(sent, token) ? { token_id: 'install', scopes: SCOPES } : null);
}

/**
 * Derives the policy: a token is required beyond loopback or with `auth.require_on_loopback`.
 * With the token store, a required install token is generated when none exists yet (the host prints
 * it); without one, only `auth.token` is accepted and a server that requires it but has none refuses
 * to start (INVALID_PARAMS).
 */
export function createSecurityPolicy(config: AppConfig, tokens?: TokenStore): SecurityPolicy {
  const loopback = isLoopbackAddress(config.server.host);
  const tokenRequired = !loopback || config.auth.require_on_loopback;
  if (tokens && tokenRequired) tokens.ensureInstallToken();
  if (!tokens && tokenRequired && !config.auth.token) {
    throw new AppError('INVALID_PARAMS', `Binding ${config.server.host} beyond loopback requires auth.token (set PERSONA_MCP_TOKEN)`, {
      details: { host: config.server.host },
    });
  }
  const apiOrigins = loopback ? [] : [`http://${config.server.host}:${config.server.api_port}`];
  return {
    loopback, tokenRequired,
    verify: tokens ? (t) => tokens.verify(t) : singleTokenVerifier(config.auth.token),
    allowedOrigins: [...config.server.allowed_origins, ...apiOrigins],
  };
}

/** What the checks read from one HTTP request or WebSocket upgrade. */
export interface RequestCredentials {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** `?token=` of a WebSocket upgrade (undefined elsewhere). */
  queryToken?: string | undefined;
}

/** The outcome of `authenticate`: refused, or admitted with the token's grant (null = no token sent). */
export type Authentication =
  | { ok: false; error: AppError }
  | { ok: true; grant: TokenGrant | null; token: string | undefined };

/**
 * Checks Host (loopback only, DNS-rebinding guard) and Origin → FORBIDDEN `{reason}`, then the
 * token → UNAUTHORIZED. A token that is sent must be valid even where none is required.
 */
export function authenticate(policy: SecurityPolicy, req: RequestCredentials): Authentication {
  if (policy.loopback && req.host !== undefined && !isLoopbackAddress(hostName(req.host))) {
    return { ok: false, error: new AppError('FORBIDDEN', 'Host not allowed', { details: { reason: 'host' } }) };
  }
  if (req.origin !== undefined && !isOriginAllowed(req.origin, policy.allowedOrigins)) {
    return { ok: false, error: new AppError('FORBIDDEN', 'Origin not allowed', { details: { reason: 'origin' } }) };
  }
  let sent: string | undefined;
  if (req.authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization);
    sent = m ? m[1] : '';
  } else if (req.queryToken !== undefined) {
    sent = req.queryToken;
  }
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

/** Who a request's LLM-backed calls count against: its token, else its remote address. */
export function principalOf(grant: TokenGrant | null, remoteAddress: string | undefined): string {
  return grant ? `token:${grant.token_id}` : `addr:${remoteAddress ?? 'unknown'}`;
}
