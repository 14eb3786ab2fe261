// Network rules shared by both services (protocol.md §1.3, DESIGN §6): loopback detection, Host
// names (DNS-rebinding guard), the browser Origin allowlist and constant-time token comparison.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** True for a loopback bind address or name: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) return isLoopbackAddress(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
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
