import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotConfigInputSchema } from '../../../../src/shared/index.ts';
import { setBotConfig } from '../../../../src/core/index.ts';
import { writeServerRecord } from '../../../../src/main/host/index.ts';
import { guardCall } from '../../../../src/main/cli/call-guard.ts';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';

// `persona-mcp call persona.delete` while a server runs on the data dir would leave that server's
// bot running with its persona gone: the CLI has no host to stop it, so it refuses and names the route.
let t: TestCore;
const record = (pid: number) => writeServerRecord(t.core.config.data_dir, {
  pid, started_at: '2026-12-03T12:00:00.000Z', version: '0.1.0', data_dir: t.core.config.data_dir,
  urls: { mcp: 'ws://127.0.0.1:8000/mcp', api: 'http://127.0.0.1:8080' }, config_file: null, config: {}, sources: {},
});

beforeEach(async () => {
  t = await createTestCore();
  await setBotConfig(t.core, 'Aria', BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:9', user_id: '@aria:localhost', password: 'pw' }));
});
afterEach(async () => {
  await t.close();
});

describe('call guard', () => {
  it('refuses to delete a persona with a bot while a server runs on the data dir, naming the REST route', async () => {
    record(process.pid);
    const err = await guardCall(t.core, 'persona.delete', { persona_id: 'Aria' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { reason: 'server_running', server_pid: process.pid } });
    expect((err as Error).message).toContain('DELETE http://127.0.0.1:8080/api/personas/Aria');
  });

  it('lets the delete through with no server running, for a persona without a bot, and for other methods', async () => {
    await expect(guardCall(t.core, 'persona.delete', { persona_id: 'Aria' })).resolves.toBeUndefined();
    record(process.pid);
    await expect(guardCall(t.core, 'persona.delete', { persona_id: 'Kira' })).resolves.toBeUndefined();
    await expect(guardCall(t.core, 'persona.get', { persona_id: 'Aria' })).resolves.toBeUndefined();
    // A record left by a server that died does not count.
    await expect(guardCall(t.core, 'persona.delete', { persona_id: 'Aria' }, () => false)).resolves.toBeUndefined();
  });
});
