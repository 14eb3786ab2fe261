// Request bodies and paths at the edge: JSON in UTF-8 only, and every route declares its body —
// `object` (a JSON object, or no bytes) or `none` (no bytes or `{}`). Anything else is refused before
// the handler runs, so a malformed request changes nothing. Path parameters are bounded like their schemas.
import { AppError } from '../../shared/index.ts';

/** What a route takes as its body; routes that declare nothing take none. */
export type BodyRule = 'object' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's body rule (default `none`). */
    body?: BodyRule;
    /** The operation a generated route invokes. */
    operation?: string;
  }
}

/**
 * The longest path parameter the router accepts (decoded characters): the longest any route's
 * schema allows (`PersonaRefSchema`, 128; ids are UUIDs). Longer ones are 400 INVALID_PARAMS.
 */
export const MAX_PATH_PARAM_LENGTH = 128;

/** The error of a path parameter over MAX_PATH_PARAM_LENGTH (the router's, or a segment no route took). */
export function pathParamTooLong(): AppError {
  return new AppError('INVALID_PARAMS', `A path parameter is over ${MAX_PATH_PARAM_LENGTH} characters`, {
    details: { max_length: MAX_PATH_PARAM_LENGTH },
    issues: [{ path: [], code: 'too_big', message: `path parameters are at most ${MAX_PATH_PARAM_LENGTH} characters` }],
  });
}

/**
 * True when a segment of `path` decodes to more than MAX_PATH_PARAM_LENGTH characters. No route has a
 * static segment that long, so it is an over-long parameter even where a wildcard (the dashboard) matched.
 */
export function hasOverlongSegment(path: string): boolean {
  return path.split('/').some((segment) => {
    if (segment.length <= MAX_PATH_PARAM_LENGTH) return false;
    try {
      return decodeURIComponent(segment).length > MAX_PATH_PARAM_LENGTH;
    } catch {
      return true;
    }
  });
}

/** The `charset` parameter of a Content-Type header, lower-cased; undefined when none is given. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').toLowerCase() : undefined;
}

/** Parses an application/json body: UTF-8 (or no charset) only; no bytes is no body; anything else must be JSON. */
export function parseJsonBody(contentType: string | undefined, text: string): unknown {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError('UNSUPPORTED_FORMAT', 'Send the body as application/json in UTF-8', { details: { expected: 'application/json; charset=utf-8', charset } });
  }
  if (text === '') return undefined;
  try {
    // `__proto__` keys are dropped so no later merge can reach an object prototype.
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    throw new AppError('PARSE_ERROR', 'The body is not valid JSON');
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Throws INVALID_PARAMS when a parsed body does not fit the route's rule (undefined = no bytes, always fine). */
export function checkBody(rule: BodyRule, body: unknown): void {
  if (body === undefined) return;
  if (rule === 'object' && isPlainObject(body)) return;
  if (rule === 'none' && isPlainObject(body) && Object.keys(body).length === 0) return;
  const message = rule === 'none' ? 'This route takes no body: send none or {}' : 'The body must be a JSON object';
  const expected = rule === 'none' ? 'no body or {}' : 'a JSON object';
  throw new AppError('INVALID_PARAMS', message, { issues: [{ path: [], code: 'invalid_type', message: `expected ${expected}` }] });
}
