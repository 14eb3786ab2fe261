// persona.delete and the persona's bot: stop through the host port (when one is passed in), then the
// bot configuration and its secrets, then the persona — and a stop that fails keeps everything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OPERATION_TABLE, botCredentials, getBotConfig, invokeOperation, setBotConfig, type HostPort,
} from '../../../../src/core/index.ts';
import { AppError, BotConfigInputSchema } from '../../../../src/shared/index.ts';
import { createTestCore, databaseDigest, type TestCore } from '../../../support/core-harness.ts';

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
  await setBotConfig(t.core, 'Aria', BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:8008', user_id: '@aria:localhost', access_token: 'syt_a', password: 'pw' }));
});
afterEach(async () => t.close());

const deleteWith = (host: HostPort | undefined, persona_id = 'Aria') =>
  invokeOperation(OPERATION_TABLE, 'persona.delete', { persona_id }, { core: t.core, connection: t.connection, ...(host ? { host } : {}) }) as Promise<Record<string, unknown>>;

describe('persona.delete and the bot', () => {
  it('stops the bot through the host before its configuration and secrets go, then deletes the persona', async () => {
    const seen: { persona: string; configWhenStopped: boolean }[] = [];
    const host: HostPort = {
      async stopBotForDelete(personaId) {
        seen.push({ persona: personaId, configWhenStopped: (await getBotConfig(t.core, personaId)) !== null });
        return { stopped: true };
      },
    };
    const result = await deleteWith(host);
    expect(seen).toEqual([{ persona: ARIA, configWhenStopped: true }]);
    expect(result).toMatchObject({ persona_id: ARIA, deleted: true, bot: { stopped: true, config_removed: true, host_attached: true } });
    expect(result.message).toBe("Persona 'Aria' and all associated data deleted; its bot was stopped and its bot configuration and secrets were removed");
    expect(botCredentials(t.core, ARIA)).toEqual({});
    expect(t.core.secrets.names().filter((n) => n.includes(ARIA))).toEqual([]);
  });

  it('fails with BOT_STOP_FAILED and changes nothing when the host cannot stop the bot', async () => {
    const before = databaseDigest(t.core);
    const host: HostPort = { stopBotForDelete: () => Promise.reject(new AppError('TIMEOUT', 'the host did not answer')) };
    const err = await deleteWith(host).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BOT_STOP_FAILED', details: { persona_id: ARIA, cause: 'TIMEOUT' } });
    expect((err as Error).message).toMatch(/could not be stopped .*the persona was not deleted/);
    expect(databaseDigest(t.core)).toBe(before);
    expect(botCredentials(t.core, ARIA)).toEqual({ access_token: 'syt_a', password: 'pw' });
  });

  it('without a host (CLI call, a service run alone) removes configuration and secrets and says no bot was asked to stop', async () => {
    const result = await deleteWith(undefined);
    expect(result.bot).toEqual({ stopped: false, config_removed: true, host_attached: false });
    expect(result.message).toMatch(/configuration and secrets were removed \(no host attached: no running bot was asked to stop\)$/);
    expect(botCredentials(t.core, ARIA)).toEqual({});
  });

  it('an unknown persona is PERSONA_NOT_FOUND before the host is asked anything', async () => {
    let asked = false;
    const host: HostPort = { stopBotForDelete: async () => { asked = true; return { stopped: false }; } };
    await expect(deleteWith(host, 'Nobody')).rejects.toMatchObject({ code: 'PERSONA_NOT_FOUND' });
    expect(asked).toBe(false);
  });
});
