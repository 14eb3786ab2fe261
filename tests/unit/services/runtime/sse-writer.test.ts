import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MCP_SSE_HEAD, createSseWriter, writeOrDrain } from '../../../../src/services/runtime/index.ts';

let server: Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves one request with `handle` and returns the response as the client saw it. */
async function serve(handle: (res: ServerResponse) => Promise<void> | void): Promise<{ status: number; headers: Headers; body: string }> {
  server = createServer((_req, res) => void handle(res));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const r = await fetch(`http://127.0.0.1:${port}/`);
  return { status: r.status, headers: r.headers, body: await r.text() };
}

describe('the SSE writer', () => {
  it('sends the proxied head lazily with the given headers, then events, data and comments', async () => {
    const seen: boolean[] = [];
    const r = await serve(async (res) => {
      const sse = createSseWriter(res, { 'x-extra': 'yes', 'content-type': 'application/json', 'content-length': 5, skipped: undefined });
      seen.push(sse.started);
      await sse.event('hello', { a: 1 });
      seen.push(sse.started);
      await sse.data('[DONE]');
      sse.comment('heartbeat');
      sse.end();
      sse.end();
    });
    expect(seen).toEqual([false, true]);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(r.headers.get('x-accel-buffering')).toBe('no');
    expect(r.headers.get('x-extra')).toBe('yes');
    expect(r.headers.has('skipped')).toBe(false);
    expect(r.body).toBe('event: hello\ndata: {"a":1}\n\ndata: [DONE]\n\n: heartbeat\n\n');
  });

  it('takes another head (the MCP one) over the given headers', async () => {
    const r = await serve(async (res) => {
      const sse = createSseWriter(res, { 'MCP-Session-Id': 's1' }, MCP_SSE_HEAD);
      await sse.event('message', { jsonrpc: '2.0', method: 'x' });
      sse.end();
    });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('mcp-session-id')).toBe('s1');
    expect(r.body).toBe('event: message\ndata: {"jsonrpc":"2.0","method":"x"}\n\n');
  });

  it('waits for drain when the socket buffer is full, and writes nothing after the end', async () => {
    const outcomes: string[] = [];
    const big = 'x'.repeat(4 * 1024 * 1024);
    const r = await serve(async (res) => {
      const sse = createSseWriter(res);
      sse.start();
      outcomes.push(sse.blocked() ? 'blocked' : 'free');
      const pending = writeOrDrain(res, big);
      outcomes.push(pending === undefined ? 'taken' : 'waiting');
      outcomes.push(sse.blocked() ? 'blocked' : 'free');
      await pending;
      sse.end();
      outcomes.push(writeOrDrain(res, 'late') === undefined ? 'ignored' : 'waiting');
    });
    expect(outcomes).toEqual(['free', 'waiting', 'blocked', 'ignored']);
    expect(r.body.length).toBe(big.length);
  });
});
