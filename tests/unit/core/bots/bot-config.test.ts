import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { botCredentials, deleteBotConfig, getBotConfig, listBotConfigs, setBotConfig, storeBotAccessToken } from '../../../../src/core/index.ts';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';
import { BotConfigInputSchema } from '../../../../src/shared/index.ts';

let t: TestCore;
afterEach(async () => t.close());

const input = (extra: Record<string, unknown> = {}) => BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:8008', user_id: '@aria:localhost', ...extra });

describe('bot configuration', () => {
  it('keeps secrets write-only: the view has has_* flags, the database and the views never hold the token', async () => {
    t = await createTestCore();
    const saved = await setBotConfig(t.core, 'Aria', input({ access_token: 'syt_secret_token' }));
    expect(saved).toMatchObject({ user_id: '@aria:localhost', has_access_token: true, has_password: false, reply_mode: 'smart' });
    expect(JSON.stringify(saved)).not.toContain('syt_secret_token');
    const row = t.core.db.sqlite.prepare('SELECT config FROM bot_configs').get() as { config: string };
    expect(row.config).not.toContain('syt_secret_token');
    expect(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')).not.toContain('syt_secret_token');
    expect(botCredentials(t.core, saved.persona_id)).toEqual({ access_token: 'syt_secret_token' });
    // An update without the token keeps it.
    const updated = await setBotConfig(t.core, 'aria', input({ reply_mode: 'mention' }));
    expect(updated).toMatchObject({ reply_mode: 'mention', has_access_token: true });
    expect(await listBotConfigs(t.core)).toHaveLength(1);
  });

  it('needs a token or a password, and refuses unknown personas; delete removes the secrets', async () => {
    t = await createTestCore();
    await expect(setBotConfig(t.core, 'Aria', input())).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    await expect(setBotConfig(t.core, 'Nobody', input({ password: 'pw' }))).rejects.toMatchObject({ code: 'PERSONA_NOT_FOUND' });
    expect(await getBotConfig(t.core, 'Aria')).toBeNull();
    const saved = await setBotConfig(t.core, 'Aria', input({ password: 'hunter22' }));
    storeBotAccessToken(t.core, saved.persona_id, 'syt_from_login');
    expect(botCredentials(t.core, saved.persona_id)).toEqual({ access_token: 'syt_from_login', password: 'hunter22' });
    await deleteBotConfig(t.core, 'Aria');
    expect(botCredentials(t.core, saved.persona_id)).toEqual({});
    await expect(deleteBotConfig(t.core, 'Aria')).rejects.toMatchObject({ code: 'BOT_NOT_CONFIGURED' });
  });
});
