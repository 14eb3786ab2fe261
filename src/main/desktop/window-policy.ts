// Navigation and content rules of the desktop window: the window shows only the local
// PersonaAPI origin; other web links go to the OS browser; everything else is refused.

/** What to do with a URL the page tries to open or navigate to. */
export type NavigationDecision = 'allow' | 'external' | 'deny';

const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is on exactly `appOrigin` (scheme, host and port). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.origin === new URL(appOrigin).origin;
}

/** Same origin → allow; http(s)/mailto elsewhere → external (OS browser); anything else → deny. */
export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  const parsed = parse(url);
  if (!parsed) return 'deny';
  if (parsed.origin === new URL(appOrigin).origin) return 'allow';
  // Credentials in a URL are a phishing pattern; never hand those to the browser.
  if (parsed.username || parsed.password) return 'deny';
  return EXTERNAL_PROTOCOLS.has(parsed.protocol) ? 'external' : 'deny';
}

/**
 * The Content-Security-Policy of the dashboard: own origin only (scripts, XHR, SSE), inline styles
 * (React style props) and data/blob images (avatars), no plugins, no framing, no foreign forms.
 */
export function dashboardCsp(appOrigin: string): string {
  const self = new URL(appOrigin).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${self}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Response headers with the dashboard CSP added, unless the server already sent its own (e.g. the
 * docs UI), which then applies unchanged. Header names are matched case-insensitively.
 */
export function withCsp(headers: Record<string, string[]>, appOrigin: string): Record<string, string[]> {
  const has = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
  return has ? headers : { ...headers, 'Content-Security-Policy': [dashboardCsp(appOrigin)] };
}
