import type { LlmHealth, LlmProvider } from './llm-provider.ts';
import {
  LlmSettingsSchema, mergeLlmSettings, toLlmSettingsView, type LlmSettings, type LlmSettingsPatch, type LlmSettingsView,
} from './llm-settings.model.ts';
import { createOllamaProvider } from './ollama.provider.ts';
import { createOpenAiProvider } from './openai.provider.ts';

/** Registry health: the provider's health plus what it points at (`offline` is always ok). */
export type LlmRegistryHealth = LlmHealth & { provider: string; model: string | null; base_url: string | null };

/**
 * Holds the current LLM settings and provider. `configure` swaps the provider at run time; calls
 * already running keep the instance they took from `current()`. `current()` is null for the
 * `offline` provider: the offline responder needs the persona, so the chat engine runs it itself.
 */
export interface LlmRegistry {
  /** The full settings, API key included (for persistence only; show `view()` to people). */
  settings(): LlmSettings;
  current(): LlmProvider | null;
  /** Applies a patch (undefined = unchanged, `api_key: ""` clears); INVALID_PARAMS on bad values. */
  configure(patch: LlmSettingsPatch): LlmSettings;
  /** Replaces the settings wholesale (e.g. rolling back a configure whose persistence failed). */
  replace(settings: LlmSettings): LlmSettings;
  view(): LlmSettingsView;
  /** The embedding provider and model when `embedding.enabled`, else null. */
  embedder(): { provider: LlmProvider; model: string } | null;
  health(signal?: AbortSignal): Promise<LlmRegistryHealth>;
}

/** Builds the chat provider for `settings` (null for offline). */
export function providerFor(settings: LlmSettings): LlmProvider | null {
  const s = { base_url: settings.base_url, model: settings.model, api_key: settings.api_key, timeout_ms: settings.timeout_ms };
  if (settings.provider === 'ollama') return createOllamaProvider(s);
  if (settings.provider === 'openai') return createOpenAiProvider(s);
  return null;
}

const origin = (url: string) => new URL(url).origin;

/**
 * Builds the embedding provider (`embedding.base_url` defaults to `base_url`). The API key goes only
 * to the origin it was configured for, never to a different embedding host.
 */
export function embeddingProviderFor(settings: LlmSettings): { provider: LlmProvider; model: string } | null {
  const e = settings.embedding;
  if (!e.enabled) return null;
  const base_url = e.base_url ?? settings.base_url;
  const api_key = settings.api_key && origin(base_url) === origin(settings.base_url) ? settings.api_key : undefined;
  const s = { base_url, model: e.model, api_key, timeout_ms: settings.timeout_ms };
  return { provider: e.provider === 'openai' ? createOpenAiProvider(s) : createOllamaProvider(s), model: e.model };
}

/** Creates the registry from the configured settings (validated; defaults filled in). */
export function createLlmRegistry(initial: LlmSettings): LlmRegistry {
  let settings = LlmSettingsSchema.parse(initial);
  let provider = providerFor(settings);
  let embedder: ReturnType<typeof embeddingProviderFor> | undefined;
  const install = (next: LlmSettings) => {
    settings = next;
    provider = providerFor(next);
    embedder = undefined;
    return settings;
  };
  return {
    settings: () => settings,
    current: () => provider,
    configure: (patch) => install(mergeLlmSettings(settings, patch)),
    replace: (next) => install(mergeLlmSettings(next, {})),
    view: () => toLlmSettingsView(settings),
    embedder() {
      if (embedder === undefined) embedder = embeddingProviderFor(settings);
      return embedder;
    },
    async health(signal) {
      const p = provider;
      if (!p) return { ok: true, latency_ms: 0, error: null, provider: 'offline', model: null, base_url: null };
      return { ...(await p.health(signal)), provider: p.kind, model: p.model, base_url: p.baseUrl };
    },
  };
}
