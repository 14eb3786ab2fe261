import { z } from 'zod';
import { AppError, ConfigureLlmResultSchema, SystemModelsResultSchema, isoNow } from '../../shared/index.ts';
import { defineOperation } from '../operations/operation.ts';
import { scheduleEmbeddingFill } from '../memory/embedding.service.ts';
import { saveLlmSettings } from './llm-settings.service.ts';

/** The `system.models` operation (docs/protocol.md). */
export const systemModels = defineOperation({
  name: 'system.models',
  summary: 'List the models the configured LLM provider offers. Use before system.configure_llm, to pick a model.',
  scope: 'read',
  deadline: 'llm',
  tool: true,
  rest: { method: 'GET', path: '/api/system/models' },
  input: z.object({}),
  output: SystemModelsResultSchema,
  async handler(ctx) {
    const settings = ctx.core.llm.settings();
    const provider = ctx.core.llm.current();
    const embedding_model = settings.embedding.enabled ? settings.embedding.model : null;
    if (!provider) return { available_models: ['offline'], current_model: 'offline', provider: 'offline', embedding_model };
    return { available_models: await provider.listModels(), current_model: settings.model, provider: settings.provider, embedding_model };
  },
});

/**
 * `system.configure_llm`: switch provider or model at run time, persisted; the
 * API key goes to the secret store, never into the settings row (llm-settings.service.ts).
 */
export const systemConfigureLlm = defineOperation({
  name: 'system.configure_llm',
  summary: 'Switch the LLM provider, URL, model, key or options at run time; new calls use it at once. Use only when the user asks to change the LLM.',
  scope: 'admin',
  deadline: 'llm',
  tool: true,
  destructive: true,
  rest: { method: 'PATCH', path: '/api/settings/llm' },
  input: z.object({
    provider: z.enum(['ollama', 'openai', 'offline']).optional(),
    base_url: z.url({ protocol: /^https?$/ }).optional(),
    model: z.string().min(1).max(128).optional(),
    api_key: z.string().max(4096).optional(),
    timeout_ms: z.number().int().min(1000).max(600_000).optional(),
    offline_fallback: z.boolean().optional(),
    temperature: z.number().min(0).max(2).optional(),
    embedding: z.object({ enabled: z.boolean(), provider: z.enum(['ollama', 'openai']), model: z.string().min(1).max(128), base_url: z.url({ protocol: /^https?$/ }) }).partial().optional(),
  }),
  output: ConfigureLlmResultSchema,
  async handler(ctx, input) {
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const previous = ctx.core.llm.settings();
    const next = ctx.core.llm.configure(patch);
    try {
      await saveLlmSettings(ctx.core, next, input.api_key !== undefined, isoNow(ctx.core.now()));
    } catch (err) {
      ctx.core.llm.replace(previous);
      throw err instanceof AppError ? err : new AppError('INTERNAL_ERROR', 'Could not persist the LLM settings', { cause: err });
    }
    scheduleEmbeddingFill(ctx.core);
    const h = await ctx.core.llm.health();
    return { llm: ctx.core.llm.view(), applied: true as const, health: { ok: h.ok, latency_ms: h.latency_ms, error: h.error } };
  },
});
