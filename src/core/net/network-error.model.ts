// Network failures in words: the system error code a failed connection carries (ECONNREFUSED…),
// found anywhere in an error's cause chain, and the one text users read for it (the bots' start
// and the LLM providers say the same thing for the same failure).

/** What users read for each network error code (Node system codes and undici's). */
export const NETWORK_ERROR_TEXT: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'connection refused (is the server running?)',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'host not found (DNS lookup timed out)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection attempt timed out',
  UND_ERR_SOCKET: 'the server closed the connection',
});

/** How deep the cause chain is followed (fetch nests two or three levels; a cycle stops here). */
const MAX_DEPTH = 6;

/** True when `code` has a text in NETWORK_ERROR_TEXT. */
export function isNetworkErrorCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(NETWORK_ERROR_TEXT, code);
}

/**
 * The string error code of `err`, its `cause` chain and an AggregateError's inner `errors`
 * (Node's happy-eyeballs connect): a known network code first, else the first code met, else null.
 */
export function errorCodeOf(err: unknown): string | null {
  let first: string | null = null;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < MAX_DEPTH; e = (e as { cause?: unknown }).cause, depth += 1) {
    const inner = (e as { errors?: unknown }).errors;
    const codes = [e, ...(Array.isArray(inner) ? inner : [])].map((x) => (x as { code?: unknown } | null)?.code);
    for (const code of codes) {
      if (isNetworkErrorCode(code)) return code;
      if (typeof code === 'string') first ??= code;
    }
  }
  return first;
}

/** The known network error code in `err`'s cause chain (see NETWORK_ERROR_TEXT), or null. */
export function networkErrorCode(err: unknown): string | null {
  const code = errorCodeOf(err);
  return isNetworkErrorCode(code) ? code : null;
}

/** The words for a known network failure in `err` ("connection refused (is the server running?)"), or null. */
export function describeNetworkError(err: unknown): string | null {
  const code = networkErrorCode(err);
  return code === null ? null : (NETWORK_ERROR_TEXT[code] as string);
}
