// What the host does before any child starts: migrate the database once, seed a brand-new one, and
// make sure an access token exists when the bind needs one.
import type { AppConfig } from '../../shared/index.ts';
import { createCore, parseSecretKey, type CoreContext } from '../../core/index.ts';
import { tokenRequired } from '../../services/runtime/index.ts';

/** The result of preparing the data dir. */
export interface PreparedData {
  /** The install token when the services require one, else null. */
  token: string | null;
  /** The LLM in effect: the config's, or the settings saved from the dashboard, which win. */
  llm: { provider: string; model: string; base_url: string; reachable: boolean };
  /** The open core when `keepOpen` was asked (the host reads bot configurations with it), else null. */
  core: CoreContext | null;
}

/**
 * Opens the core with migrations and seeding and ensures the install token when the bind requires
 * one, so children open an up-to-date database. The core is closed again unless `keepOpen`
 * (then the caller closes it). `secretKey` is base64.
 */
export async function prepareDataDir(config: AppConfig, secretKey?: string, keepOpen = false): Promise<PreparedData> {
  const core = await createCore({ config, migrate: true, seed: true, ...(secretKey ? { secretKey: parseSecretKey(secretKey) } : {}) });
  try {
    const token = tokenRequired(config) ? core.tokens.ensureInstallToken() : null;
    const { provider, model, base_url } = core.llm.settings();
    // A quick look whether the LLM answers, so the banner can say when the offline responder will.
    const health = await core.llm.health(AbortSignal.timeout(1000)).catch(() => ({ ok: false }));
    return { token, llm: { provider, model, base_url, reachable: health.ok }, core: keepOpen ? core : null };
  } finally {
    if (!keepOpen) await core.close();
  }
}
