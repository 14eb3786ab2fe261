// A text/event-stream writer over a raw response: headers sent lazily on the first event (so an
// error before any output still gets a plain JSON status), back-pressure as a promise.
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
  /** Writes a comment line (heartbeat). */
  comment(text: string): void;
  /** Bytes waiting in the socket buffer. */
  buffered(): number;
  end(): void;
}

/** Creates a writer; `headers` are merged into the 200 head (CORS headers set by the hooks). */
export function createSseWriter(res: ServerResponse, headers: Record<string, string | number | string[] | undefined> = {}): SseWriter {
  let started = false;
  // One wait for `drain` however many writes land while the buffer is full (callers need not await).
  let draining: Promise<void> | null = null;
  const write = (text: string): Promise<void> => {
    if (res.destroyed || res.writableEnded) return Promise.resolve();
    if (res.write(text)) return Promise.resolve();
    draining ??= new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        draining = null;
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
    return draining;
  };
  const writer: SseWriter = {
    get started() {
      return started;
    },
    start() {
      if (started) return;
      started = true;
      const clean = Object.fromEntries(Object.entries(headers).filter(([k, v]) => v !== undefined && k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'content-type'));
      res.writeHead(200, {
        ...clean, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive', 'x-accel-buffering': 'no',
      });
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
    end() {
      if (!res.writableEnded) res.end();
    },
  };
  return writer;
}
