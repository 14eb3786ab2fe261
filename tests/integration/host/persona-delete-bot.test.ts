// Deleting a persona whose bot runs, with the whole stack under one host and nothing of our own faked:
// the real mcp and api services, the bot supervisor as --server wires it, real bot processes
// against the test homeserver. The delete stops the bot, removes its configuration and secrets, then
// the persona — through REST and through MCP — and says so in its result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonaClient } from '../../../src/core/client/index.ts';
import { botSecretName, createSecretStore } from '../../../src/core/index.ts';
import type { HostInfo } from '../../../src/main/host/index.ts';
import type { BotStatus } from '../../../src/shared/index.ts';
import { startHostStack, type HostStack } from '../../support/host-stack.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { alive, until } from '../../support/processes.ts';

const temp = makeTempDir('host-persona-delete-');
let stack: HostStack;
let info: HostInfo;
let client: PersonaClient;
const ids = { aria: '', kira: '' };

const api = async (method: string, path: string) => {
  const res = await fetch(new URL(path, info.urls.api as string), { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const secrets = () => createSecretStore({ dataDir: temp.dir });
const hasSecrets = (personaId: string) => secrets().has(botSecretName(personaId, 'access_token')) || secrets().has(botSecretName(personaId, 'password'));
const listBots = async () => (await api('GET', '/api/bots')).body.bots as BotStatus[];

/** Starts the persona's bot through REST and waits until it is running and synced; returns its pid. */
async function startBot(personaId: string): Promise<number> {
  const started = await api('POST', `/api/bots/${personaId}/start`);
  expect(started.status).toBe(200);
  const synced = await until(async () => (await listBots()).find((b) => b.persona_id === personaId && b.state === 'running' && b.synced));
  expect(synced.pid).toBeGreaterThan(0);
  return synced.pid as number;
}

beforeAll(async () => {
  stack = await startHostStack(temp.dir, [{ persona: 'Aria', login: 'access_token' }, { persona: 'Kira', login: 'password' }]);
  ({ info, client } = stack);
  ids.aria = stack.ids.Aria;
  ids.kira = stack.ids.Kira;
}, 90_000);

afterAll(async () => {
  await stack?.close();
  temp.cleanup();
});

describe('persona.delete with a running bot', () => {
  it('through REST: stops the bot, removes its configuration and secrets, then the persona, and says so', async () => {
    const pid = await startBot(ids.aria);
    expect(hasSecrets(ids.aria)).toBe(true);

    const deleted = await api('DELETE', `/api/personas/${ids.aria}`);
    expect(deleted.status).toBe(200);
    expect(alive(pid)).toBe(false);
    expect(hasSecrets(ids.aria)).toBe(false);
    const listed = await listBots();
    expect(listed.some((b) => b.persona_id === ids.aria)).toBe(false);
    expect(listed.filter((b) => b.state === 'running').map((b) => b.persona_id)).toEqual([]);
    expect(deleted.body).toMatchObject({ persona_id: ids.aria, deleted: true, bot: { stopped: true, config_removed: true, host_attached: true } });
    expect(deleted.body.message).toMatch(/bot was stopped/);
    expect((await api('GET', `/api/personas/${ids.aria}`)).status).toBe(404);
    // The host does not restart it: still gone a moment later.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await listBots()).some((b) => b.persona_id === ids.aria)).toBe(false);
  });

  it('through MCP: the mcp service reaches the host the same way', async () => {
    const pid = await startBot(ids.kira);
    const result = await client.call<Record<string, unknown>>('persona.delete', { persona_id: 'Kira' });
    expect(alive(pid)).toBe(false);
    expect(hasSecrets(ids.kira)).toBe(false);
    expect(await listBots()).toEqual([]);
    expect(result).toMatchObject({ persona_id: ids.kira, bot: { stopped: true, config_removed: true, host_attached: true } });
  });

  it('a persona without a bot is deleted with nothing to stop', async () => {
    const created = await client.call<{ persona_id: string }>('persona.create', { name: 'Brom', description: 'A gruff dwarven smith.' });
    const deleted = await api('DELETE', `/api/personas/${created.persona_id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.bot).toEqual({ stopped: false, config_removed: false, host_attached: true });
  });
});
