// CORS of both services: allowed origins are echoed back on every response, and
// preflights — which carry no credentials — are answered after the Host and Origin checks only.
import type { AppError } from '../../shared/index.ts';
import { checkHostAndOrigin, originAllowed, type SecurityPolicy } from './edge-security.ts';

/** What one server allows cross-origin callers to do. */
export interface CorsRules {
  /** `Access-Control-Allow-Methods` of a preflight answer. */
  allowMethods: string;
  /** `Access-Control-Allow-Headers` of a preflight answer. */
  allowHeaders: string;
  /** `Access-Control-Expose-Headers` of every answer to an allowed origin, if any. */
  exposeHeaders?: string;
}

/** What the CORS rules read from one request (header values, first of repeated ones). */
export interface CorsRequest {
  host: string | undefined;
  origin: string | undefined;
  /** `Access-Control-Request-Private-Network`. */
  privateNetwork: string | undefined;
}

/** The CORS headers of any answer to `req`: the echoed origin when it is allowed, else none. */
export function corsHeaders(policy: SecurityPolicy, rules: CorsRules, req: Pick<CorsRequest, 'host' | 'origin'>): Record<string, string> {
  if (req.origin === undefined || !originAllowed(policy, req.origin, req.host)) return {};
  return {
    'Access-Control-Allow-Origin': req.origin, Vary: 'Origin',
    ...(rules.exposeHeaders !== undefined ? { 'Access-Control-Expose-Headers': rules.exposeHeaders } : {}),
  };
}

/** The answer to a preflight (`OPTIONS`): FORBIDDEN `{reason}` for a foreign Host or Origin, else the headers of the 204. */
export function answerPreflight(policy: SecurityPolicy, rules: CorsRules, req: CorsRequest): { ok: false; error: AppError } | { ok: true; headers: Record<string, string> } {
  const denied = checkHostAndOrigin(policy, req);
  if (denied) return { ok: false, error: denied };
  return {
    ok: true,
    headers: {
      'Access-Control-Allow-Methods': rules.allowMethods, 'Access-Control-Allow-Headers': rules.allowHeaders, 'Access-Control-Max-Age': '600',
      ...(req.privateNetwork === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
    },
  };
}
