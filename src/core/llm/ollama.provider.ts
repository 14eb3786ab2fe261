import { createHttpProvider, type Dialect } from './http-provider.ts';
import { asVectors, malformed, num, pick } from './llm-http.ts';
import type { LlmProvider, ProviderSettings } from './llm-provider.ts';

const finishOf = (obj: unknown): 'stop' | 'length' => (pick(obj, 'done_reason') === 'length' ? 'length' : 'stop');

function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw malformed('bad NDJSON line');
  }
}

/** Ollama's native API: POST /api/chat (NDJSON when streaming), POST /api/embed, GET /api/tags. */
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
    return { text, finish: finishOf(json), completion_tokens: num(pick(json, 'eval_count')), prompt_tokens: num(pick(json, 'prompt_eval_count')) };
  },
  parseStreamLine(line) {
    if (!line.trim()) return null;
    const obj = parseJsonLine(line);
    const err = pick(obj, 'error');
    if (err !== undefined) return { error: typeof err === 'string' ? err : JSON.stringify(err) };
    const delta = pick(obj, 'message', 'content');
    if (pick(obj, 'done') !== true) return typeof delta === 'string' && delta ? { delta } : null;
    const ctok = num(pick(obj, 'eval_count'));
    const ptok = num(pick(obj, 'prompt_eval_count'));
    return {
      ...(typeof delta === 'string' && delta ? { delta } : {}),
      done: true,
      finish: finishOf(obj),
      ...(ctok !== null ? { completion_tokens: ctok } : {}),
      ...(ptok !== null ? { prompt_tokens: ptok } : {}),
    };
  },
  embedPath: '/api/embed',
  embedBody: (texts, model) => ({ model, input: texts }),
  parseEmbed: (json, count) => asVectors(pick(json, 'embeddings'), count),
  modelsPath: '/api/tags',
  parseModels(json) {
    const models = pick(json, 'models');
    if (!Array.isArray(models)) throw malformed('no models list');
    return models.map((m) => pick(m, 'name') ?? pick(m, 'model')).filter((n): n is string => typeof n === 'string');
  },
};

/** An Ollama provider (native API at e.g. http://127.0.0.1:11434). */
export function createOllamaProvider(settings: ProviderSettings): LlmProvider {
  return createHttpProvider(OLLAMA_DIALECT, settings);
}
