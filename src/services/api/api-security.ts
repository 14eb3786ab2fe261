// Network security of the PersonaAPI (protocol.md §1.3, DESIGN §6): Host check on loopback
// (DNS rebinding), Origin allowlist, bearer token beyond loopback, CORS for allowed origins.
import { AppError, type AppConfig } from '../../shared/index.ts';
import type { TokenGrant, TokenStore } from '../../core/index.ts';
import { hostName, isLoopbackAddress, isOriginAllowed } from '../runtime/index.ts';

export { hostName, isLoopbackAddress, isOriginAllowed };

/** The checks of one API server, derived once from the config. */
export interface ApiSecurityPolicy {
  readonly loopback: boolean;
  readonly tokenRequired: boolean;
  readonly allowedOrigins: readonly string[];
  verify(token: string): TokenGrant | null;
}

/**
 * Derives the policy: a token is required beyond loopback (or with `auth.require_on_loopback`);
 * the install token is generated then when none exists yet.
 */
export function createApiSecurityPolicy(config: AppConfig, tokens: TokenStore): ApiSecurityPolicy {
  const loopback = isLoopbackAddress(config.server.host);
  const tokenRequired = !loopback || config.auth.require_on_loopback;
  if (tokenRequired) tokens.ensureInstallToken();
  return { loopback, tokenRequired, allowedOrigins: config.server.allowed_origins, verify: (t) => tokens.verify(t) };
}

/** What the checks read from one request. */
export interface ApiCredentials {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** `?token=` (accepted only where headers cannot be set: the event stream). */
  queryToken: string | undefined;
}

/** Refused, or admitted with the token's grant (null = no token sent on loopback). */
export type ApiAuthentication = { ok: false; error: AppError } | { ok: true; grant: TokenGrant | null; token?: string };

/** Checks Host and Origin only (static files, preflights): FORBIDDEN `{reason}` or null. */
export function checkHostAndOrigin(policy: ApiSecurityPolicy, req: Pick<ApiCredentials, 'host' | 'origin'>): AppError | null {
  if (policy.loopback && req.host !== undefined && !isLoopbackAddress(hostName(req.host))) {
    return new AppError('FORBIDDEN', 'Host not allowed', { details: { reason: 'host' } });
  }
  if (req.origin !== undefined && !isOriginAllowed(req.origin, policy.allowedOrigins, req.host)) {
    return new AppError('FORBIDDEN', 'Origin not allowed', { details: { reason: 'origin' } });
  }
  return null;
}

/** Host, Origin, then the token (UNAUTHORIZED); a token that is sent must be valid even where none is required. */
export function authenticateApi(policy: ApiSecurityPolicy, req: ApiCredentials): ApiAuthentication {
  const denied = checkHostAndOrigin(policy, req);
  if (denied) return { ok: false, error: denied };
  let sent: string | undefined;
  if (req.authorization !== undefined) sent = /^Bearer\s+(\S+)\s*$/i.exec(req.authorization)?.[1] ?? '';
  else if (req.queryToken !== undefined) sent = req.queryToken;
  if (sent === undefined) {
    return policy.tokenRequired
      ? { ok: false, error: new AppError('UNAUTHORIZED', 'An access token is required (Authorization: Bearer <token>)') }
      : { ok: true, grant: null };
  }
  const grant = sent ? policy.verify(sent) : null;
  return grant ? { ok: true, grant, token: sent } : { ok: false, error: new AppError('UNAUTHORIZED', 'Invalid access token') };
}
