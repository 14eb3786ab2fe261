// Test-side HTTP helpers: REST calls built from an operation's `rest` mapping (as the dashboard
// does: path params filled, GET/DELETE inputs in the query, others as JSON), and an SSE reader.
import type { Operation } from '../../../src/core/index.ts';

/** A REST answer. */
export interface RestAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Query string of an input: arrays repeat the key, objects go as JSON. */
export function toQuery(input: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, String(item));
    else if (typeof v === 'object') q.set(k, JSON.stringify(v));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The URL path and fetch init of an operation call. */
export function restRequest(op: Operation, params: Record<string, unknown>, headers: Record<string, string> = {}): { path: string; init: RequestInit } {
  const route = op.rest;
  if (!route) throw new Error(`${op.name} has no REST route`);
  const rest = { ...params };
  const path = route.path.replace(/:([a-z0-9_]+)/g, (_m, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  const bodyless = route.method === 'GET' || route.method === 'DELETE';
  return {
    path: bodyless ? `${path}${toQuery(rest)}` : path,
    init: { method: route.method, headers: { ...headers, ...(bodyless ? {} : { 'content-type': 'application/json' }) }, ...(bodyless ? {} : { body: JSON.stringify(rest) }) },
  };
}

/** Fetches and reads a JSON (or empty) body. */
export async function fetchJson(url: string, init: RequestInit = {}): Promise<RestAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** One parsed server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads server-sent events from a fetch response as they arrive. */
export function readSse(res: Response): { events: SseEvent[]; comments: string[]; next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>; done: Promise<void> } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  const push = (e: SseEvent) => {
    events.push(e);
    waiters = waiters.filter((w) => (w.match(e) ? (w.resolve(e), false) : true));
  };
  const parse = () => {
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) push({ event, data: data.join('\n') });
    }
  };
  const done = (async () => {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        parse();
      }
    } catch {
      // aborted by the test
    }
  })();
  return {
    events, comments, done,
    next(match, timeoutMs = 3000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}
