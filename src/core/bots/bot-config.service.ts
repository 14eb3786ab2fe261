// Bot configurations: the public part in `bot_configs`, the access token
// and password in the secret store. Secrets are write-only: omitted on update = unchanged.
// These functions are entry points of their own (bot processes, the host, the api's bot routes call
// them outside the operation table), so each takes the consistency step (CoreContext.refresh) first.
import { AppError, BotConfigInputSchema, BotConfigSchema, isoNow, type BotConfig, type BotConfigInput } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import type { BotConfigRow } from '../db/index.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';

/** Secret names of a persona's bot. */
export const botSecretName = (personaId: string, kind: 'access_token' | 'password') => `bot.${personaId}.${kind}`;

/** The credentials a bot process logs in with (never returned by an API). */
export interface BotCredentials {
  access_token?: string;
  password?: string;
}

function view(core: CoreContext, row: BotConfigRow): BotConfig {
  const stored = BotConfigInputSchema.omit({ access_token: true, password: true }).parse(row.config);
  return BotConfigSchema.parse({
    ...stored,
    persona_id: row.persona_id,
    has_access_token: core.secrets.has(botSecretName(row.persona_id, 'access_token')),
    has_password: core.secrets.has(botSecretName(row.persona_id, 'password')),
  });
}

/** The bot configuration of a persona (id or name), or null when it has none. */
export async function getBotConfig(core: CoreContext, personaRef: string): Promise<BotConfig | null> {
  core.refresh();
  const persona = await requirePersona(core.db.manager, personaRef);
  const row = await createRepositories(core.db.manager).botConfigs.get(persona.id);
  return row ? view(core, row) : null;
}

/** Every stored bot configuration. */
export async function listBotConfigs(core: CoreContext): Promise<BotConfig[]> {
  core.refresh();
  const rows = await createRepositories(core.db.manager).botConfigs.list();
  return rows.map((row) => view(core, row));
}

/** Creates or replaces a persona's bot configuration; secrets given are stored, omitted ones kept. */
export async function setBotConfig(core: CoreContext, personaRef: string, input: BotConfigInput): Promise<BotConfig> {
  core.refresh();
  const persona = await requirePersona(core.db.manager, personaRef);
  const { access_token, password, ...rest } = BotConfigInputSchema.parse(input);
  const hasToken = access_token !== undefined || core.secrets.has(botSecretName(persona.id, 'access_token'));
  const hasPassword = password !== undefined || core.secrets.has(botSecretName(persona.id, 'password'));
  if (!hasToken && !hasPassword) {
    throw new AppError('INVALID_PARAMS', 'A bot needs an access_token or a password to log in', {
      issues: [{ path: ['access_token'], code: 'custom', message: 'give access_token or password' }],
    });
  }
  if (access_token !== undefined) core.secrets.set(botSecretName(persona.id, 'access_token'), access_token);
  if (password !== undefined) core.secrets.set(botSecretName(persona.id, 'password'), password);
  const row: BotConfigRow = { persona_id: persona.id, config: rest, updated_at: isoNow(core.now()) };
  await core.db.transaction((em) => createRepositories(em).botConfigs.save(row));
  return view(core, row);
}

/** Deletes a persona's bot configuration and its secrets; BOT_NOT_CONFIGURED when there is none. */
export async function deleteBotConfig(core: CoreContext, personaRef: string): Promise<void> {
  core.refresh();
  const persona = await requirePersona(core.db.manager, personaRef);
  const deleted = await removeBotConfig(core, persona.id);
  if (!deleted) throw new AppError('BOT_NOT_CONFIGURED', `${persona.name} has no bot configuration`, { details: { persona_id: persona.id } });
}

/**
 * Removes a persona's bot configuration (by id) and both of its secrets, secrets even when no
 * configuration row is left; resolves with whether a configuration existed.
 */
export async function removeBotConfig(core: CoreContext, personaId: string): Promise<boolean> {
  const deleted = await core.db.transaction((em) => createRepositories(em).botConfigs.delete(personaId));
  core.secrets.delete(botSecretName(personaId, 'access_token'));
  core.secrets.delete(botSecretName(personaId, 'password'));
  return deleted;
}

/** The login credentials of a persona's bot (for the bot process only). */
export function botCredentials(core: CoreContext, personaId: string): BotCredentials {
  const access_token = core.secrets.get(botSecretName(personaId, 'access_token'));
  const password = core.secrets.get(botSecretName(personaId, 'password'));
  return { ...(access_token ? { access_token } : {}), ...(password ? { password } : {}) };
}

/** Stores the access token a bot obtained by password login, so the next start reuses it. */
export function storeBotAccessToken(core: CoreContext, personaId: string, token: string): void {
  core.secrets.set(botSecretName(personaId, 'access_token'), token);
}
