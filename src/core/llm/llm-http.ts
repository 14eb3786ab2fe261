import { AppError } from '../../shared/index.ts';
import { describeNetworkError, errorCodeOf } from '../net/index.ts';

/** Wraps a failure as LLM_UNAVAILABLE with a message naming the provider and URL. */
export function unavailable(kind: string, baseUrl: string, what: string, extra: Record<string, unknown> = {}, cause?: unknown): AppError {
  return new AppError('LLM_UNAVAILABLE', `${kind} at ${baseUrl}: ${what}`, { details: { provider: kind, base_url: baseUrl, ...extra }, cause });
}

/** The caller's signal combined with the provider timeout; `timedOut()` tells the two apart afterwards. */
export interface TimedSignal {
  signal: AbortSignal;
  timedOut: () => boolean;
}

/** Combines the caller's signal (and any extra internal ones) with a timeout of `timeoutMs`. */
export function withTimeout(signal: AbortSignal | undefined, timeoutMs: number, ...extra: AbortSignal[]): TimedSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const all = [timeout, ...(signal ? [signal] : []), ...extra];
  const combined = all.length === 1 ? timeout : AbortSignal.any(all);
  return { signal: combined, timedOut: () => timeout.aborted && !(signal?.aborted ?? false) };
}

/**
 * Describes a fetch failure in words: the timeout, a known network code (connection refused, DNS,
 * reset…, the texts of NETWORK_ERROR_TEXT), another code with its cause's message, or the message.
 */
export function describeFetchError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms (timeout_ms)`;
  const known = describeNetworkError(err);
  if (known !== null) return known;
  const causeMessage = (err as { cause?: { message?: unknown } } | null)?.cause?.message;
  const because = typeof causeMessage === 'string' && causeMessage ? ` (${causeMessage})` : '';
  const code = errorCodeOf(err);
  if (code !== null) return `${code}${because}`;
  return `${(err as Error | null)?.message ?? String(err)}${because}`;
}

/** The error text a server put in a failed response: Ollama `{error}`, OpenAI `{error:{message}}`, or the raw body. */
export function serverErrorText(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const e = json.error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // Not JSON: show the raw text.
  }
  return body.trim().slice(0, 300);
}

/** Reads a web stream body as text lines (without the line break). */
export async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      yield buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.length) yield buffer;
}

/** Reads `obj.path` safely from unknown JSON. */
export function pick(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** A finite number from unknown JSON, or null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A response that does not have the expected shape; the provider turns it into LLM_UNAVAILABLE. */
export function malformed(what: string): Error {
  return Object.assign(new Error(`malformed response (${what})`), { malformed: true });
}

/** Checks that `value` is a list of `count` numeric vectors of one dimension. */
export function asVectors(value: unknown, count: number): number[][] {
  if (!Array.isArray(value) || value.length !== count) throw malformed(`expected ${count} embeddings`);
  const dim = Array.isArray(value[0]) ? value[0].length : 0;
  for (const v of value) {
    if (!Array.isArray(v) || v.length !== dim || dim === 0 || !v.every((x) => typeof x === 'number')) throw malformed('embedding is not a numeric vector');
  }
  return value as number[][];
}
