import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A chat request as the scripted server saw it (`closedEarly`: the client hung up before the reply ended). */
export interface SeenRequest {
  api: 'ollama' | 'openai';
  path: string;
  body: Record<string, unknown>;
  messages: { role: string; content: string }[];
  stream: boolean;
  headers: Record<string, string | string[] | undefined>;
  closedEarly: boolean;
  /**
   * The JSON schema of a structured-output request (Ollama `format`, OpenAI `response_format`
   * `{type: "json_schema", json_schema: {schema}}`), null for a plain chat request.
   */
  schema: Record<string, unknown> | null;
}

/** Any request the server received (chat, embeddings, model lists). */
export interface SeenHttpRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** What the script answers for one chat request. */
export interface ScriptedReply {
  text?: string;
  /** Reply with this value as JSON text (structured requests). */
  json?: unknown;
  /** Streamed pieces; default: the text split into words. */
  chunks?: string[];
  /** Delay before each streamed piece (and before a non-streamed reply). */
  delayMs?: number;
  /** Answer with this HTTP status and an error body in the API's format (`error` is its message). */
  status?: number;
  error?: string;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Drop the connection without answering. */
  reset?: boolean;
  /** Answer 200 with a body that is not the API's format. */
  malformed?: boolean;
  /** Destroy the connection after this many streamed pieces (mid-stream failure). */
  breakAfter?: number;
  /** Send an in-band error event after this many streamed pieces, then end the body. */
  errorAfter?: number;
  finish?: 'stop' | 'length';
}

/** Decides the reply to a chat request. */
export type Script = (req: SeenRequest) => ScriptedReply;

/** The JSON schema a chat request body asks for in either wire format, or null. */
export function requestedSchema(api: 'ollama' | 'openai', body: Record<string, unknown>): Record<string, unknown> | null {
  if (api === 'ollama') return body.format && typeof body.format === 'object' ? body.format as Record<string, unknown> : null;
  const rf = body.response_format as { type?: string; json_schema?: { schema?: Record<string, unknown> } } | undefined;
  return rf?.type === 'json_schema' && rf.json_schema?.schema ? rf.json_schema.schema : null;
}

/** The default script: a deterministic reply naming the last user message, so tests can see the prompt arrived. */
export const echoScript: Script = (req) => {
  const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return { text: `You said: ${last.slice(0, 200)}` };
};

/** Deterministic embedding: hashed bag of words into 16 dimensions, normalised. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(16).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 0;
    for (const ch of w) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    v[h % 16] = (v[h % 16] as number) + 1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** A running scripted LLM server on 127.0.0.1 speaking the Ollama and OpenAI HTTP APIs. */
export interface ScriptedLlmServer {
  url: string;
  ollamaUrl: string;
  openaiUrl: string;
  /** Chat requests only (/api/chat, /v1/chat/completions), structured-output requests included (see `schema`). */
  requests: SeenRequest[];
  /** Every request, in arrival order. */
  allRequests: SeenHttpRequest[];
  setScript(script: Script): void;
  /** Makes a non-chat endpoint (e.g. `/api/tags`) answer `status`; null restores it. */
  failEndpoint(path: string, status: number | null): void;
  close(): Promise<void>;
}

/** Options: the first script, the model list, and `strictModels` (unknown models get the API's 404). */
export interface ScriptedLlmServerOptions {
  script?: Script;
  models?: string[];
  strictModels?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An error body in the API's own format. */
const errorBody = (api: 'ollama' | 'openai', message: string) => (api === 'ollama' ? { error: message } : { error: { message, type: 'invalid_request_error' } });

/** Starts the server on a free loopback port. */
export async function createScriptedLlmServer(options: ScriptedLlmServerOptions = {}): Promise<ScriptedLlmServer> {
  let script = options.script ?? echoScript;
  const models = options.models ?? ['llama3.1:8b', 'qwen2.5:7b'];
  const requests: SeenRequest[] = [];
  const allRequests: SeenHttpRequest[] = [];
  const failures = new Map<string, number>();
  const sockets = new Set<Socket>();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '').split('?')[0] as string;
    const api = path.startsWith('/v1') ? 'openai' : 'ollama';
    const json = (status: number, obj: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };
    let body: Record<string, unknown>;
    try {
      const raw = Buffer.concat(chunks).toString('utf8');
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return json(400, errorBody(api, 'request body is not JSON'));
    }
    allRequests.push({ method: req.method ?? '', path, body, headers: req.headers });
    const failure = failures.get(path);
    if (failure !== undefined) return json(failure, errorBody(api, `scripted failure ${failure}`));
    if (options.strictModels && typeof body.model === 'string' && !models.includes(body.model)) {
      return json(404, errorBody(api, `model "${body.model}" not found, try pulling it first`));
    }
    const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? '')];
    if (req.method === 'GET' && path === '/api/tags') return json(200, { models: models.map((name) => ({ name, model: name })) });
    if (req.method === 'GET' && path === '/v1/models') return json(200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    if (path === '/api/embed') return json(200, { model: body.model, embeddings: inputs.map(fakeEmbedding) });
    if (path === '/v1/embeddings') return json(200, { object: 'list', data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })) });
    if (path !== '/api/chat' && path !== '/v1/chat/completions') return json(404, errorBody(api, 'not found'));

    // Ollama streams unless told otherwise; OpenAI only when asked.
    const stream = api === 'ollama' ? body.stream !== false : body.stream === true;
    const schema = requestedSchema(api, body);
    const seen: SeenRequest = { api, path, body, messages: body.messages as SeenRequest['messages'], stream, headers: req.headers, closedEarly: false, schema };
    requests.push(seen);
    res.on('close', () => { if (!res.writableFinished) seen.closedEarly = true; });
    const reply = script(seen);
    if (reply.hang) return;
    if (reply.reset) return void req.socket.destroy();
    if (reply.status) return json(reply.status, errorBody(api, reply.error ?? `scripted failure ${reply.status}`));
    const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const pieces = reply.chunks ?? (text.match(/\S+\s*/g) ?? []);
    const finish = reply.finish ?? 'stop';
    const ctok = pieces.length;
    const ptok = JSON.stringify(seen.messages).length >> 2;
    const model = body.model;
    if (!stream) {
      if (reply.delayMs) await sleep(reply.delayMs);
      if (reply.malformed) return json(200, { unexpected: true });
      if (api === 'ollama') return json(200, { model, message: { role: 'assistant', content: text }, done: true, done_reason: finish, eval_count: ctok, prompt_eval_count: ptok });
      return json(200, { id: 'x', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }], usage: { prompt_tokens: ptok, completion_tokens: ctok } });
    }
    const event = (obj: unknown) => (api === 'ollama' ? `${JSON.stringify(obj)}\n` : `data: ${JSON.stringify(obj)}\n\n`);
    res.writeHead(200, { 'content-type': api === 'ollama' ? 'application/x-ndjson' : 'text/event-stream' });
    res.flushHeaders();
    if (reply.malformed) return void res.end(api === 'ollama' ? 'this is not json\n' : 'data: {broken\n\n');
    for (let i = 0; i < pieces.length; i += 1) {
      if (reply.breakAfter === i) {
        await sleep(20); // let the client read what was sent before the connection drops
        return void res.destroy();
      }
      if (reply.errorAfter === i) return void res.end(event(errorBody(api, reply.error ?? 'scripted in-band error')));
      if (reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return;
      const piece = pieces[i] as string;
      res.write(event(api === 'ollama'
        ? { model, message: { role: 'assistant', content: piece }, done: false }
        : { choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }));
    }
    if (api === 'ollama') return void res.end(event({ model, message: { role: 'assistant', content: '' }, done: true, done_reason: finish, eval_count: ctok, prompt_eval_count: ptok }));
    res.write(event({ choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
    const usage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (usage) res.write(event({ choices: [], usage: { prompt_tokens: ptok, completion_tokens: ctok } }));
    res.end('data: [DONE]\n\n');
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, ollamaUrl: url, openaiUrl: `${url}/v1`, requests, allRequests,
    setScript: (s) => { script = s; },
    failEndpoint: (path, status) => { if (status === null) failures.delete(path); else failures.set(path, status); },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** A loopback port with nothing listening on it (for connection-refused tests). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
