// The one module that talks to the PersonaAPI: fetch for REST, EventSource for live events.
// GET/DELETE send inputs as a query string, the other verbs as a JSON body; `:name` path segments
// are filled from the input (the REST mapping of the operation table).
import { ApiError, toApiError } from './api-error.ts';

const TOKEN_KEY = 'persona-mcp.token';

/** HTTP verbs the PersonaAPI uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Input of a call: fills path params first, the rest goes to the query or body. */
export type CallInput = Record<string, unknown>;

/** Takes `?token=` from the page URL into localStorage (once, at start-up), and removes it from the address bar. */
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return;
  localStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.toString());
}

/** The stored access token, or null (loopback needs none). */
export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Stores `token` for every later request (the access-token prompt). */
export function storeToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

/** Replaces the stored token (after the dashboard regenerated it), when the dashboard uses one. */
export function replaceStoredToken(token: string): void {
  if (storedToken()) localStorage.setItem(TOKEN_KEY, token);
}

function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Serialises an input into query-string form (arrays repeat the key, objects go as JSON). */
export function toQuery(input: CallInput): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, String(item));
    else if (typeof v === 'object') q.set(k, JSON.stringify(v));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Fills `:name` segments of `path` from `input`; returns the path and the remaining input. */
export function fillPath(path: string, input: CallInput): { path: string; rest: CallInput } {
  const rest = { ...input };
  const filled = path.replace(/:([a-z0-9_]+)/g, (_m, name: string) => {
    const value = rest[name];
    delete rest[name];
    if (value === undefined || value === null) throw new ApiError(0, { code: 'INVALID_PARAMS', message: `missing path parameter ${name}` });
    return encodeURIComponent(String(value));
  });
  return { path: filled, rest };
}

/** Builds the fetch request of a call (shared by JSON calls and the chat stream). */
export function buildRequest(method: HttpMethod, path: string, input: CallInput = {}, signal?: AbortSignal): { url: string; init: RequestInit } {
  const { path: filled, rest } = fillPath(path, input);
  const bodyless = method === 'GET' || method === 'DELETE';
  const init: RequestInit = {
    method,
    headers: { accept: 'application/json', ...authHeaders(), ...(bodyless ? {} : { 'content-type': 'application/json' }) },
    ...(bodyless ? {} : { body: JSON.stringify(rest) }),
    ...(signal ? { signal } : {}),
  };
  return { url: bodyless ? `${filled}${toQuery(rest)}` : filled, init };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: { code: `HTTP_${res.status}`, message: text.slice(0, 300) } };
  }
}

/** Calls one REST route and returns its JSON result; rejects with ApiError on HTTP 4xx/5xx or network failure. */
export async function call<T>(method: HttpMethod, path: string, input: CallInput = {}, signal?: AbortSignal): Promise<T> {
  const { url, init } = buildRequest(method, path, input, signal);
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw toApiError(0, null, `The PersonaAPI is unreachable (${err instanceof Error ? err.message : String(err)})`);
  }
  const body = await readJson(res);
  if (!res.ok) throw toApiError(res.status, body, res.statusText || `HTTP ${res.status}`);
  return body as T;
}

/** Opens the live event stream (`/api/events`), passing the token as `?token=` (EventSource cannot set headers). */
export function openEventSource(): EventSource {
  const token = storedToken();
  return new EventSource(`/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`);
}
