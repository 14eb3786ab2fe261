// Streaming chat for the playground: POST …/chat with stream:true answers text/event-stream with
// `delta` events, then `result` (the persona.chat result) or `error`. Aborting the fetch cancels server-side.
import { toApiError } from './api-error.ts';
import { buildRequest } from './client.ts';
import { createSseParser } from './sse.ts';
import type { ChatResult } from './types.ts';

/** What the playground sends besides the message. */
export interface ChatOptions {
  participant?: { id: string; display_name?: string; platform?: string };
  session_id?: string;
}

/**
 * Sends `message` to a persona and calls `onDelta` with each streamed piece; resolves with the final
 * result. Rejects with ApiError (HTTP error or `event: error`), or AbortError when `signal` aborts.
 */
export async function streamChat(personaId: string, message: string, options: ChatOptions, onDelta: (delta: string) => void, signal: AbortSignal): Promise<ChatResult> {
  const { url, init } = buildRequest('POST', '/api/personas/:persona_id/chat', { persona_id: personaId, message, stream: true, ...options }, signal);
  (init.headers as Record<string, string>).accept = 'text/event-stream';
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (signal.aborted) throw err;
    throw toApiError(0, null, `The PersonaAPI is unreachable (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null), res.statusText);
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const result = (await res.json()) as ChatResult;
    onDelta(result.response);
    return result;
  }
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  for (;;) {
    const { value, done } = await reader.read();
    const events = done ? parser.flush() : parser.push(decoder.decode(value, { stream: true }));
    for (const ev of events) {
      if (ev.event === 'delta') onDelta((JSON.parse(ev.data) as { delta: string }).delta);
      else if (ev.event === 'result') return JSON.parse(ev.data) as ChatResult;
      else if (ev.event === 'error') throw toApiError(500, JSON.parse(ev.data), 'chat failed');
    }
    if (done) throw toApiError(0, null, 'The chat stream ended without a result');
  }
}
