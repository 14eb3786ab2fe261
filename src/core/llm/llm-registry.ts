import { AppError, LlmSettingsSchema, type LlmSettings } from '../../shared/index.ts';
import type { LlmHealth, LlmProvider } from './llm-provider.ts';
import { createOllamaProvider } from './ollama.provider.ts';
import { createOpenAiProvider } from './openai.provider.ts';

/** The LLM settings as every API shows them: the key replaced by `has_api_key`. */
export type LlmSettingsView = Omit<LlmSettings, 'api_key'> & { has_api_key: boolean };

/**
 * Holds the current LLM settings and provider. `configure` swaps the provider at run time; calls
 * already running keep the instance they started with. `current()` is null for the offline provider.
 */
export interface LlmRegistry {
  settings(): LlmSettings;
  current(): LlmProvider | null;
  configure(patch: Partial<LlmSettings>): LlmSettings;
  view(): LlmSettingsView;
  health(): Promise<LlmHealth & { provider: string; model: string | null; base_url: string | null }>;
}

/** Builds the provider for `settings` (null for offline). */
export function providerFor(settings: LlmSettings): LlmProvider | null {
  const s = { base_url: settings.base_url, model: settings.model, api_key: settings.api_key, timeout_ms: settings.timeout_ms };
  if (settings.provider === 'ollama') return createOllamaProvider(s);
  if (settings.provider === 'openai') return createOpenAiProvider(s);
  return null;
}

/** Creates the registry from the configured settings. */
export function createLlmRegistry(initial: LlmSettings): LlmRegistry {
  let settings = LlmSettingsSchema.parse(initial);
  let provider = providerFor(settings);
  return {
    settings: () => settings,
    current: () => provider,
    configure(patch) {
      const merged = { ...settings, ...patch, embedding: { ...settings.embedding, ...(patch.embedding ?? {}) } };
      if (patch.api_key === '') delete merged.api_key;
      const parsed = LlmSettingsSchema.safeParse(merged);
      if (!parsed.success) {
        throw new AppError('INVALID_PARAMS', 'Invalid LLM settings', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
        });
      }
      settings = parsed.data;
      provider = providerFor(settings);
      return settings;
    },
    view() {
      const { api_key, ...rest } = settings;
      return { ...rest, has_api_key: Boolean(api_key) };
    },
    async health() {
      const p = provider;
      if (!p) return { ok: true, latency_ms: 0, error: null, provider: 'offline', model: null, base_url: null };
      return { ...(await p.health()), provider: p.kind, model: p.model, base_url: p.baseUrl };
    },
  };
}
