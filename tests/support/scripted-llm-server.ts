import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the scripted server saw it. */
export interface SeenRequest {
  api: 'ollama' | 'openai';
  path: string;
  body: Record<string, unknown>;
  messages: { role: string; content: string }[];
  stream: boolean;
  headers: Record<string, string | string[] | undefined>;
}

/** What the script answers for one chat request. */
export interface ScriptedReply {
  text?: string;
  /** Streamed pieces; default: the text split into words. */
  chunks?: string[];
  delayMs?: number;
  /** Answer with this HTTP status and no reply. */
  status?: number;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Destroy the connection after this many chunks (mid-stream failure). */
  breakAfter?: number;
  finish?: 'stop' | 'length';
}

/** Decides the reply to a chat request. */
export type Script = (req: SeenRequest) => ScriptedReply;

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
  requests: SeenRequest[];
  setScript(script: Script): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the server on a free loopback port. */
export async function createScriptedLlmServer(options: { script?: Script; models?: string[] } = {}): Promise<ScriptedLlmServer> {
  let script = options.script ?? echoScript;
  const models = options.models ?? ['llama3.1:8b', 'qwen2.5:7b'];
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = (req.url ?? '').split('?')[0] as string;
    const api = path.startsWith('/v1') ? 'openai' : 'ollama';
    const json = (status: number, obj: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };

    if (req.method === 'GET' && path === '/api/tags') return json(200, { models: models.map((name) => ({ name })) });
    if (req.method === 'GET' && path === '/v1/models') return json(200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    if (path === '/api/embed') return json(200, { embeddings: (body.input as string[]).map(fakeEmbedding) });
    if (path === '/v1/embeddings') return json(200, { data: (body.input as string[]).map((t, index) => ({ index, embedding: fakeEmbedding(t) })) });
    if (path !== '/api/chat' && path !== '/v1/chat/completions') return json(404, { error: 'not found' });

    const seen: SeenRequest = { api, path, body, messages: body.messages as SeenRequest['messages'], stream: body.stream === true, headers: req.headers };
    requests.push(seen);
    const reply = script(seen);
    if (reply.hang) return;
    if (reply.status) return json(reply.status, { error: `scripted failure ${reply.status}` });
    const text = reply.text ?? '';
    const pieces = reply.chunks ?? (text.match(/\S+\s*/g) ?? []);
    const finish = reply.finish ?? 'stop';
    const ctok = pieces.length;
    const ptok = JSON.stringify(seen.messages).length >> 2;
    if (!seen.stream) {
      if (reply.delayMs) await sleep(reply.delayMs);
      if (api === 'ollama') return json(200, { model: body.model, message: { role: 'assistant', content: text }, done: true, done_reason: finish, eval_count: ctok, prompt_eval_count: ptok });
      return json(200, { id: 'x', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }], usage: { prompt_tokens: ptok, completion_tokens: ctok } });
    }
    res.writeHead(200, { 'content-type': api === 'ollama' ? 'application/x-ndjson' : 'text/event-stream' });
    res.flushHeaders();
    for (let i = 0; i < pieces.length; i += 1) {
      if (reply.breakAfter !== undefined && i === reply.breakAfter) {
        await sleep(20); // let the client read what was sent before the connection drops
        res.destroy();
        return;
      }
      if (reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return;
      const piece = pieces[i] as string;
      res.write(api === 'ollama'
        ? `${JSON.stringify({ model: body.model, message: { role: 'assistant', content: piece }, done: false })}\n`
        : `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
    }
    if (api === 'ollama') res.end(`${JSON.stringify({ model: body.model, message: { role: 'assistant', content: '' }, done: true, done_reason: finish, eval_count: ctok, prompt_eval_count: ptok })}\n`);
    else {
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: ptok, completion_tokens: ctok } })}\n\n`);
      res.end('data: [DONE]\n\n');
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, ollamaUrl: url, openaiUrl: `${url}/v1`, requests,
    setScript: (s) => { script = s; },
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
