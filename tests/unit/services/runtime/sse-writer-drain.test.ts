// Back-pressure: events written while the socket buffer is full share one wait for `drain`, so a
// busy stream never piles up listeners (the MaxListenersExceededWarning of the events stream).
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSseWriter } from '../../../../src/services/runtime/sse-writer.ts';

/** A response whose socket takes nothing until `flush()` (highWaterMark 1: every write reports a full buffer). */
function stalledResponse() {
  const pending: (() => void)[] = [];
  const res = new Writable({ highWaterMark: 1, write: (_chunk, _enc, cb) => pending.push(cb) }) as Writable & { writeHead: () => void; flushHeaders: () => void };
  res.writeHead = () => undefined;
  res.flushHeaders = () => undefined;
  return { res, flush: () => pending.splice(0).forEach((cb) => cb()) };
}

describe('the SSE writer', () => {
  it('waits for drain once however many events arrive while the buffer is full', async () => {
    const { res, flush } = stalledResponse();
    const sse = createSseWriter(res as unknown as ServerResponse);
    const writes = Array.from({ length: 25 }, (_, i) => sse.event('tick', { i }));
    expect(res.listenerCount('drain')).toBe(1);
    expect(res.listenerCount('close')).toBe(1);
    // Node drains one buffered chunk per callback; keep flushing until the buffer is empty.
    while (res.writableLength > 0) {
      flush();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(res.listenerCount('drain')).toBe(0);
  });
});
