// The one text/event-stream writer of both services (the mcp Streamable HTTP transport, the
// PersonaAPI's events and chat streams): headers sent lazily on the first output (so an error
// before any output still gets a plain JSON status), back-pressure as a promise.
import type { ServerResponse } from 'node:http';

/** One server-sent-events response. */
export interface SseWriter {
  readonly started: boolean;
  /** Sends the headers now (idempotent). */
  start(): void;
  /** Writes one event; resolves when the socket took it (waits for `drain` when the buffer is full). */
  event(name: string, data: unknown): Promise<void>;
  /** Writes an unnamed event (`data:` line only, as OpenAI streams do); `text` is sent as is. */
  data(text: string): Promise<void>;
  /** Writes a comment line (heartbeat, keep-alive). */
  comment(text: string): void;
  /** Bytes waiting in the socket buffer. */
  buffered(): number;
  /** True while the socket buffer is full (a write returned false and `drain` has not come yet). */
  blocked(): boolean;
  /** Ends the response (idempotent). */
  end(): void;
}

/** Header values as node's `ServerResponse` takes them. */
export type HeaderValues = Record<string, string | number | string[] | undefined>;

/** The head of a stream that browsers read through proxies: no transformation, no proxy buffering. */
export const PROXIED_SSE_HEAD: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no',
};

/** The head of an MCP Streamable HTTP stream. */
export const MCP_SSE_HEAD: Readonly<Record<string, string>> = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

/**
 * Writes `chunk`; undefined when the socket took it (or is gone), else a promise that settles on
 * `drain` or `close` — a full buffer pauses the producer until the client reads.
 */
export function writeOrDrain(res: ServerResponse, chunk: string): Promise<void> | undefined {
  if (res.destroyed || res.writableEnded) return undefined;
  if (res.write(chunk) || res.destroyed) return undefined;
  // One wait per response however many writes land while its buffer is full (callers need not
  // await): a listener pair per write piled up on busy event streams (MaxListenersExceededWarning).
  let waiting = drains.get(res);
  if (!waiting) {
    waiting = new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        drains.delete(res);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
    drains.set(res, waiting);
  }
  return waiting;
}

const drains = new WeakMap<ServerResponse, Promise<void>>();

/**
 * Creates a writer over `res`. The 200 head is `headers` (CORS and the like; any content-length or
 * content-type dropped) with `head` over them, by default `PROXIED_SSE_HEAD`.
 */
export function createSseWriter(res: ServerResponse, headers: HeaderValues = {}, head: Readonly<Record<string, string>> = PROXIED_SSE_HEAD): SseWriter {
  let started = false;
  const write = (text: string): Promise<void> => writeOrDrain(res, text) ?? Promise.resolve();
  const writer: SseWriter = {
    get started() {
      return started;
    },
    start() {
      if (started) return;
      started = true;
      const clean = Object.fromEntries(Object.entries(headers).filter(([k, v]) => v !== undefined && k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'content-type'));
      res.writeHead(200, { ...clean, ...head });
      res.flushHeaders();
    },
    event(name, data) {
      writer.start();
      return write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    data(text) {
      writer.start();
      return write(`data: ${text}\n\n`);
    },
    comment(text) {
      writer.start();
      void write(`: ${text}\n\n`);
    },
    buffered: () => res.writableLength,
    blocked: () => res.writableNeedDrain,
    end() {
      if (!res.writableEnded) res.end();
    },
  };
  return writer;
}
