// The persisted LLM settings (`system.configure_llm` in docs/protocol.md): the `llm` settings row holds
// everything but the API key, which is sealed in the secret store (`llm.api_key`) like the bot credentials.
// The row carries `api_key_version`, a counter bumped whenever the key is set or cleared, so the row changes
// with every key change and other processes of the data dir (shared-settings.ts) re-read the store.
import type { AppConfig, LlmSettings } from '../../shared/index.ts';
import type { Database } from '../db/index.ts';
import { getLogger } from '../logger/index.ts';
import { createRepositories } from '../repositories.ts';
import type { SecretStore } from '../secrets/index.ts';

const log = getLogger('settings');

/** Name of the LLM API key in the secret store. */
export const LLM_API_KEY_SECRET = 'llm.api_key';

/** What persisting the LLM settings needs: the database and the secret store. */
export interface LlmSettingsDeps {
  db: Database;
  secrets: SecretStore;
}

/** The saved `llm` row as read: settings without the key (older installs: with it), plus the key counter. */
type SavedLlmRow = Record<string, unknown> & { api_key?: unknown; api_key_version?: unknown };

const versionOf = (row: SavedLlmRow | undefined) => (typeof row?.api_key_version === 'number' ? row.api_key_version : 0);

/** The stored key, or undefined when none is stored or it cannot be unsealed (logged, not thrown). */
export function readLlmApiKey(secrets: SecretStore): string | undefined {
  try {
    return secrets.get(LLM_API_KEY_SECRET);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'the stored LLM API key cannot be read; using none');
    return undefined;
  }
}

function writeLlmApiKey(secrets: SecretStore, key: string | undefined): void {
  if (key) secrets.set(LLM_API_KEY_SECRET, key);
  else secrets.delete(LLM_API_KEY_SECRET);
}

/**
 * The LLM settings in effect: the configuration < the saved row < the key in the secret store
 * (unvalidated; the registry parses them). A row's own `api_key` is ignored (sealed on open); without
 * `secrets` (a read-only look at the data dir) no key is added.
 */
export function effectiveLlmSettings(config: AppConfig['llm'], saved: SavedLlmRow | undefined, secrets?: SecretStore): LlmSettings {
  const { api_key: _plain, api_key_version: _version, ...rest } = saved ?? {};
  const key = secrets ? readLlmApiKey(secrets) : undefined;
  return { ...config, ...(rest as Partial<LlmSettings>), ...(key ? { api_key: key } : {}) };
}

/**
 * Persists `next`: the key (when `keyChanged`: set, or deleted when `next` has none) to the secret
 * store first, then the row without it, so a process that sees the new row reads the new key.
 * When the row cannot be written the previous key is put back and the error rethrown.
 */
export async function saveLlmSettings(deps: LlmSettingsDeps, next: LlmSettings, keyChanged: boolean, at: string): Promise<void> {
  const previousKey = keyChanged ? readLlmApiKey(deps.secrets) : undefined;
  if (keyChanged) writeLlmApiKey(deps.secrets, next.api_key);
  const { api_key: _key, ...rest } = next;
  try {
    await deps.db.transaction(async (em) => {
      const settings = createRepositories(em).settings;
      const version = versionOf(await settings.get<SavedLlmRow>('llm')) + (keyChanged ? 1 : 0);
      await settings.set('llm', { ...rest, api_key_version: version }, at);
    });
  } catch (err) {
    if (keyChanged) writeLlmApiKey(deps.secrets, previousKey);
    throw err;
  }
}

/**
 * Upgrade step run on open: a saved row that holds `api_key` in plain text (older versions) has it
 * moved into the secret store and removed from the row; the WAL is then checkpointed so no copy of
 * the old row stays behind. Returns true when a key was moved.
 */
export async function sealPlainLlmApiKey(deps: LlmSettingsDeps, at: string): Promise<boolean> {
  // Looked at outside a write transaction first: the usual open finds nothing to do and takes no lock.
  const current = await createRepositories(deps.db.manager).settings.get<SavedLlmRow>('llm');
  if (!current || !('api_key' in current)) return false;
  const moved = await deps.db.transaction(async (em) => {
    const settings = createRepositories(em).settings;
    const row = await settings.get<SavedLlmRow>('llm');
    if (!row || !('api_key' in row)) return false;
    const { api_key: plain, ...rest } = row;
    if (typeof plain === 'string' && plain) writeLlmApiKey(deps.secrets, plain);
    await settings.set('llm', { ...rest, api_key_version: versionOf(row) + 1 }, at);
    return true;
  });
  if (!moved) return false;
  deps.db.checkpoint();
  log.info('moved the LLM API key from the settings table into the secret store (it is no longer stored in clear)');
  return true;
}
