import { AppError } from '../../shared/index.ts';
import { createHttpProvider, num, pick, type Dialect } from './http-provider.ts';
import type { LlmProvider, ProviderSettings } from './llm-provider.ts';

const malformed = (what: string) => new AppError('LLM_UNAVAILABLE', `openai: malformed response (${what})`, { details: { provider: 'openai' } });

/** Any OpenAI-compatible server: /chat/completions (SSE streaming), /embeddings, /models under base_url (…/v1). */
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
      ...(req.json_schema ? { response_format: { type: 'json_schema', json_schema: { name: 'result', schema: req.json_schema, strict: true } } } : {}),
    };
  },
  parseChat(json) {
    const text = pick(json, 'choices', 0, 'message', 'content');
    if (typeof text !== 'string') throw malformed('no choices[0].message.content');
    return {
      text, finish: pick(json, 'choices', 0, 'finish_reason') === 'length' ? 'length' : 'stop',
      completion_tokens: num(pick(json, 'usage', 'completion_tokens')), prompt_tokens: num(pick(json, 'usage', 'prompt_tokens')),
    };
  },
  parseStreamLine(line) {
    if (!line.startsWith('data:')) return null;
    const data = line.slice(5).trim();
    if (data === '[DONE]') return { done: true };
    let obj: unknown;
    try {
      obj = JSON.parse(data);
    } catch {
      throw malformed('bad SSE data');
    }
    const delta = pick(obj, 'choices', 0, 'delta', 'content');
    const finish = pick(obj, 'choices', 0, 'finish_reason');
    const usage = pick(obj, 'usage');
    return {
      ...(typeof delta === 'string' && delta ? { delta } : {}),
      ...(finish === 'length' ? { finish: 'length' as const } : finish === 'stop' ? { finish: 'stop' as const } : {}),
      ...(num(pick(usage, 'completion_tokens')) !== null ? { completion_tokens: num(pick(usage, 'completion_tokens')) as number } : {}),
      ...(num(pick(usage, 'prompt_tokens')) !== null ? { prompt_tokens: num(pick(usage, 'prompt_tokens')) as number } : {}),
    };
  },
  embedPath: '/embeddings',
  embedBody: (texts, model) => ({ model, input: texts }),
  parseEmbed(json) {
    const data = pick(json, 'data');
    if (!Array.isArray(data)) throw malformed('no data');
    return data.map((d) => pick(d, 'embedding') as number[]);
  },
  modelsPath: '/models',
  parseModels(json) {
    const data = pick(json, 'data');
    if (!Array.isArray(data)) throw malformed('no data');
    return data.map((m) => String(pick(m, 'id')));
  },
};

/** An OpenAI-compatible provider (LM Studio, llama.cpp server, vLLM, OpenAI). */
export function createOpenAiProvider(settings: ProviderSettings): LlmProvider {
  return createHttpProvider(OPENAI_DIALECT, settings);
}
