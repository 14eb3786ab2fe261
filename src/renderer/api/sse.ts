/** One server-sent event: its name (default `message`) and its data text. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Incremental parser of a `text/event-stream` body (WHATWG rules: blank line ends an event,
 * `data:` lines join with newlines, `:` lines are comments). Feed it chunks; it returns complete events.
 */
export function createSseParser(): { push(chunk: string): SseMessage[]; flush(): SseMessage[] } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const lines = (final: boolean): SseMessage[] => {
    const out: SseMessage[] = [];
    const parts = buffer.split(/\r\n|\r|\n/);
    buffer = final ? '' : (parts.pop() ?? '');
    for (const line of parts) {
      if (line === '') {
        if (data.length) out.push({ event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (final && data.length) out.push({ event: event || 'message', data: data.join('\n') });
    return out;
  };
  return {
    push(chunk) {
      buffer += chunk;
      return lines(false);
    },
    flush() {
      buffer += '\n';
      return lines(true);
    },
  };
}
