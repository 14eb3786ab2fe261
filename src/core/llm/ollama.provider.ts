import { AppError } from '../../shared/index.ts';
import { createHttpProvider, num, pick, type Dialect } from './http-provider.ts';
import type { LlmProvider, ProviderSettings } from './llm-provider.ts';

const malformed = (what: string) => new AppError('LLM_UNAVAILABLE', `ollama: malformed response (${what})`, { details: { provider: 'ollama' } });

/** Ollama's native API: /api/chat (NDJSON streaming), /api/embed, /api/tags. */
export const OLLAMA_DIALECT: Dialect = {
  kind: 'ollama',
  chatPath: '/api/chat',
  chatBody(req, model, stream) {
    const options: Record<string, number> = {};
    if (req.temperature !== undefined) options.temperature = req.temperature;
    if (req.top_p !== undefined) options.top_p = req.top_p;
    if (req.top_k !== undefined) options.top_k = req.top_k;
    if (req.max_tokens !== undefined) options.num_predict = req.max_tokens;
    return { model, messages: req.messages, stream, options, ...(req.json_schema ? { format: req.json_schema } : {}) };
  },
  parseChat(json) {
    const text = pick(json, 'message', 'content');
    if (typeof text !== 'string') throw malformed('no message.content');
    return { text, finish: pick(json, 'done_reason') === 'length' ? 'length' : 'stop', completion_tokens: num(pick(json, 'eval_count')), prompt_tokens: num(pick(json, 'prompt_eval_count')) };
  },
  parseStreamLine(line) {
    if (!line.trim()) return null;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw malformed('bad NDJSON line');
    }
    const err = pick(obj, 'error');
    if (typeof err === 'string') throw new AppError('LLM_UNAVAILABLE', `ollama: ${err}`, { details: { provider: 'ollama' } });
    const delta = pick(obj, 'message', 'content');
    const done = pick(obj, 'done') === true;
    return {
      ...(typeof delta === 'string' && delta ? { delta } : {}),
      done,
      ...(done ? { finish: pick(obj, 'done_reason') === 'length' ? ('length' as const) : ('stop' as const) } : {}),
      ...(done && num(pick(obj, 'eval_count')) !== null ? { completion_tokens: num(pick(obj, 'eval_count')) as number } : {}),
      ...(done && num(pick(obj, 'prompt_eval_count')) !== null ? { prompt_tokens: num(pick(obj, 'prompt_eval_count')) as number } : {}),
    };
  },
  embedPath: '/api/embed',
  embedBody: (texts, model) => ({ model, input: texts }),
  parseEmbed(json) {
    const e = pick(json, 'embeddings');
    if (!Array.isArray(e)) throw malformed('no embeddings');
    return e as number[][];
  },
  modelsPath: '/api/tags',
  parseModels(json) {
    const models = pick(json, 'models');
    if (!Array.isArray(models)) throw malformed('no models');
    return models.map((m) => String(pick(m, 'name')));
  },
};

/** An Ollama provider. */
export function createOllamaProvider(settings: ProviderSettings): LlmProvider {
  return createHttpProvider(OLLAMA_DIALECT, settings);
}
