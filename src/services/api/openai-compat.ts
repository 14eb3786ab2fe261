// OpenAI-compatible endpoints (any OpenAI client can talk to a persona): personas are models;
// a completion is one persona.chat turn with the last user message. Errors use OpenAI's body
// `{error:{message, type, param, code}}` where `code` is our stable code.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import { invokeOperation } from '../../core/index.ts';
import { abortOnClose, operationContext, requireScope, resolvePersonaId, type ApiContext } from './api-context.ts';
import { createSseWriter, parseInput } from '../runtime/index.ts';
import { toHttpError, type HttpError } from './http-errors.ts';

const ContentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose())]).nullable();

/** Request body of `POST /v1/chat/completions` (unknown OpenAI fields are ignored). */
export const ChatCompletionRequestSchema = z.object({
  model: z.string().min(1).max(256),
  messages: z.array(z.object({ role: z.string().min(1).max(32), content: ContentSchema.optional() }).loose()).min(1).max(500),
  stream: z.boolean().default(false),
  user: z.string().min(1).max(256).optional(),
  max_tokens: z.number().int().min(1).optional(),
  max_completion_tokens: z.number().int().min(1).optional(),
}).loose();

const textOf = (content: z.infer<typeof ContentSchema> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((p) => (p.type === 'text' ? p.text ?? '' : '')).join('');

const TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'invalid_request_error', 409: 'invalid_request_error', 413: 'invalid_request_error', 415: 'invalid_request_error', 429: 'rate_limit_error' };

/** The OpenAI-style form of a mapped error. */
export function openAiError(mapped: HttpError, param: string | null = null): Record<string, unknown> {
  const e = mapped.body.error;
  return { error: { message: e.message, type: TYPES[mapped.status] ?? 'server_error', param, code: e.code, ...(e.issues ? { issues: e.issues } : {}) } };
}

interface ChatResultLike {
  response: string; persona_id: string; persona_name: string; session_id: string; message_id: string;
  finish_reason: 'stop' | 'length' | 'cancelled' | 'error'; tokens_used: number; prompt_tokens: number;
}

const finish = (r: ChatResultLike) => (r.finish_reason === 'length' ? 'length' : 'stop');

/** Registers `GET /v1/models` and `POST /v1/chat/completions`. */
export function registerOpenAiRoutes(app: FastifyInstance, api: ApiContext): void {
  app.get('/v1/models', async (req) => {
    requireScope(req, 'read');
    const list = (await invokeOperation(api.table, 'persona.list', {}, operationContext(api, req))) as { personas: { id: string; name: string; created_at: string }[] };
    return {
      object: 'list',
      data: list.personas.map((p) => ({ id: p.name, object: 'model', created: Math.floor(Date.parse(p.created_at) / 1000), owned_by: 'persona-mcp', persona_id: p.id })),
    };
  });

  app.post('/v1/chat/completions', { bodyLimit: api.config.server.max_message_bytes, config: { body: 'object' } }, async (req, reply: FastifyReply) => {
    requireScope(req, 'chat');
    const body = parseInput(ChatCompletionRequestSchema, req.body ?? {}, 'Invalid chat completion request');
    const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
    const message = lastUser ? textOf(lastUser.content).trim() : '';
    if (!message) throw new AppError('INVALID_PARAMS', 'messages needs a user message with text', { issues: [{ path: ['messages'], code: 'custom', message: 'no user message' }] });
    let personaId: string;
    try {
      personaId = await resolvePersonaId(api, body.model);
    } catch (err) {
      const mapped = toHttpError(err);
      return reply.code(mapped.status).send(openAiError(mapped, 'model'));
    }
    const system = body.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n').slice(0, 2000);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    const params: Record<string, unknown> = {
      persona_id: personaId, message: message.slice(0, 8000), stream: body.stream,
      ...(body.user ? { participant: { id: body.user } } : {}),
      ...(maxTokens !== undefined ? { token_budget: Math.min(4096, Math.max(16, maxTokens)) } : {}),
      ...(system ? { context: system } : {}),
    };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(api.core.now().getTime() / 1000);
    const abort = abortOnClose(reply);
    if (!body.stream) {
      const r = (await invokeOperation(api.table, 'persona.chat', params, operationContext(api, req, abort.signal))) as ChatResultLike;
      return {
        id, object: 'chat.completion', created, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: r.response }, finish_reason: finish(r) }],
        usage: { prompt_tokens: r.prompt_tokens, completion_tokens: r.tokens_used, total_tokens: r.prompt_tokens + r.tokens_used },
        persona_id: r.persona_id, session_id: r.session_id,
      };
    }
    const sse = createSseWriter(reply.raw, reply.getHeaders());
    const model = body.model;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const data = (value: unknown) => sse.data(JSON.stringify(value));
    reply.hijack();
    await data(chunk({ role: 'assistant', content: '' }, null));
    const notify = (method: string, p: Record<string, unknown>) => {
      if (method === 'persona.chat.delta' && !abort.signal.aborted) return data(chunk({ content: p.delta }, null));
    };
    try {
      const r = (await invokeOperation(api.table, 'persona.chat', params, operationContext(api, req, abort.signal, { notify }))) as ChatResultLike;
      await data(chunk({}, finish(r)));
    } catch (err) {
      if (!abort.signal.aborted) await data(openAiError(toHttpError(err)));
    }
    if (!abort.signal.aborted) await sse.data('[DONE]');
    sse.end();
  });
}
