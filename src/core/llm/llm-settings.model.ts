import { z } from 'zod';
import { AppError, LlmSettingsSchema, type LlmSettings } from '../../shared/index.ts';

export { LlmSettingsSchema, type LlmSettings };

const S = LlmSettingsSchema.shape;
const E = S.embedding.unwrap().shape;

/**
 * A `system.configure_llm` patch: every key optional and meaning "unchanged";
 * `api_key: ""` clears the key. Field rules are the ones of LlmSettingsSchema (defaults dropped).
 */
export const LlmSettingsPatchSchema = z.object({
  provider: S.provider.unwrap().optional(),
  base_url: S.base_url.unwrap().optional(),
  model: S.model.unwrap().optional(),
  api_key: S.api_key,
  timeout_ms: S.timeout_ms.unwrap().optional(),
  context_tokens: S.context_tokens.unwrap().optional(),
  offline_fallback: S.offline_fallback.unwrap().optional(),
  temperature: S.temperature.unwrap().optional(),
  embedding: z.object({
    enabled: E.enabled.unwrap().optional(),
    provider: E.provider.unwrap().optional(),
    model: E.model.unwrap().optional(),
    base_url: E.base_url,
  }).optional(),
});
/** A partial LLM settings update. */
export type LlmSettingsPatch = z.infer<typeof LlmSettingsPatchSchema>;

/** The LLM settings as every API shows them: the key replaced by `has_api_key` (secrets are write-only). */
export const LlmSettingsViewSchema = LlmSettingsSchema.omit({ api_key: true }).extend({ has_api_key: z.boolean() });
/** The public view of the LLM settings. */
export type LlmSettingsView = z.infer<typeof LlmSettingsViewSchema>;

/** The settings without the API key, plus `has_api_key`. */
export function toLlmSettingsView(settings: LlmSettings): LlmSettingsView {
  const { api_key, ...rest } = settings;
  return { ...rest, embedding: { ...rest.embedding }, has_api_key: Boolean(api_key) };
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Applies `patch` to `current` (undefined keys = unchanged, `api_key: ""` clears) and validates the
 * result; bad values throw INVALID_PARAMS with one issue per problem, paths naming the key.
 */
export function mergeLlmSettings(current: LlmSettings, patch: LlmSettingsPatch): LlmSettings {
  const merged: Record<string, unknown> = { ...current, ...defined(patch), embedding: { ...current.embedding, ...defined(patch.embedding ?? {}) } };
  if (patch.api_key === '') delete merged.api_key;
  const parsed = LlmSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message }));
    const first = issues[0];
    throw new AppError('INVALID_PARAMS', `Invalid LLM settings${first ? `: llm.${first.path.join('.')} ${first.message}` : ''}`, { issues });
  }
  return parsed.data;
}
