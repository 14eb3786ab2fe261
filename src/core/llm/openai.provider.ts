import { createHttpProvider, type Dialect } from './http-provider.ts';
import { asVectors, malformed, num, pick } from './llm-http.ts';
import type { LlmProvider, ProviderSettings } from './llm-provider.ts';

const finishOf = (v: unknown): 'stop' | 'length' | undefined => (v === 'length' ? 'length' : typeof v === 'string' ? 'stop' : undefined);

function usageOf(obj: unknown): { completion_tokens?: number; prompt_tokens?: number } {
  const ctok = num(pick(obj, 'usage', 'completion_tokens'));
  const ptok = num(pick(obj, 'usage', 'prompt_tokens'));
  return { ...(ctok !== null ? { completion_tokens: ctok } : {}), ...(ptok !== null ? { prompt_tokens: ptok } : {}) };
}

/**
 * Any OpenAI-compatible server: POST /chat/completions (SSE when streaming, usage via
 * stream_options), POST /embeddings, GET /models, all under base_url (…/v1). `top_k` is not sent:
 * it is not part of the OpenAI API and strict servers reject unknown fields.
 */
export const OPENAI_DIALECT: Dialect = {
  kind: 'openai',
  chatPath: '/chat/completions',
  chatBody(req, model, stream) {
    return {
      model, messages: req.messages, stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.top_p !== undefined ? { top_p: req.top_p } : {}),
      ...(req.max_tokens !== undefined ? { max_tokens: req.max_tokens } : {}),
      ...(req.json_schema ? { response_format: { type: 'json_schema', json_schema: { name: 'result', schema: req.json_schema } } } : {}),
    };
  },
  parseChat(json) {
    const text = pick(json, 'choices', 0, 'message', 'content');
    if (typeof text !== 'string') throw malformed('no choices[0].message.content');
    const u = usageOf(json);
    return { text, finish: finishOf(pick(json, 'choices', 0, 'finish_reason')) ?? 'stop', completion_tokens: u.completion_tokens ?? null, prompt_tokens: u.prompt_tokens ?? null };
  },
  parseStreamLine(line) {
    if (!line.startsWith('data:')) return null; // comments, event: lines and the blank separators
    const data = line.slice(5).trim();
    if (data === '[DONE]') return { done: true };
    let obj: unknown;
    try {
      obj = JSON.parse(data);
    } catch {
      throw malformed('bad SSE data');
    }
    const err = pick(obj, 'error');
    if (err !== undefined && err !== null) {
      const message = pick(err, 'message');
      return { error: typeof message === 'string' ? message : JSON.stringify(err) };
    }
    const delta = pick(obj, 'choices', 0, 'delta', 'content');
    const finish = finishOf(pick(obj, 'choices', 0, 'finish_reason'));
    // A finish_reason completes the reply; the usage chunk and [DONE] may follow or be missing.
    return { ...(typeof delta === 'string' && delta ? { delta } : {}), ...(finish ? { finish, done: true } : {}), ...usageOf(obj) };
  },
  embedPath: '/embeddings',
  embedBody: (texts, model) => ({ model, input: texts }),
  parseEmbed(json, count) {
    const data = pick(json, 'data');
    if (!Array.isArray(data)) throw malformed('no data list');
    const ordered = [...data].sort((a, b) => (num(pick(a, 'index')) ?? 0) - (num(pick(b, 'index')) ?? 0));
    return asVectors(ordered.map((d) => pick(d, 'embedding')), count);
  },
  modelsPath: '/models',
  parseModels(json) {
    const data = pick(json, 'data');
    if (!Array.isArray(data)) throw malformed('no data list');
    return data.map((m) => pick(m, 'id')).filter((id): id is string => typeof id === 'string');
  },
};

/** An OpenAI-compatible provider (LM Studio, llama.cpp server, vLLM, OpenAI); base_url ends in /v1. */
export function createOpenAiProvider(settings: ProviderSettings): LlmProvider {
  return createHttpProvider(OPENAI_DIALECT, settings);
}
