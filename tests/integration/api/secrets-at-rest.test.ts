// Secrets at rest: every secret set through the operations and the PersonaAPI (LLM API key, bot
// password and access token, issued and install tokens) is absent in clear from every file of the
// data dir (database, -wal, -shm, config.json, secrets file), and the data dir and its files are
// owner-only. An upgraded install's plain-text key is sealed on open and wider modes are narrowed.
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigSchema, BotConfigInputSchema } from '../../../src/shared/index.ts';
import {
  OPERATION_TABLE, configureLogging, createConnectionState, createCore, invokeOperation, setBotConfig, type CoreContext,
} from '../../../src/core/index.ts';
import { createSettingsRepository } from '../../../src/core/config/settings.repository.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { injectApi, type InjectApi } from './api-harness.ts';

beforeAll(() => configureLogging({ level: 'silent' }));

const POSIX = process.platform !== 'win32';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const call = (core: CoreContext, method: string, params: unknown = {}) =>
  invokeOperation(OPERATION_TABLE, method, params, { core, connection: createConnectionState(randomUUID(), 'api') }) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every file under `dir` with its raw bytes. */
function rawFiles(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

/** The files (relative names) whose raw bytes contain any of `secrets` in clear, as `file: secret`. */
function leaks(dir: string, secrets: string[]): string[] {
  return rawFiles(dir).flatMap(({ path, bytes }) =>
    secrets.filter((s) => bytes.includes(Buffer.from(s, 'utf8'))).map((s) => `${path.slice(dir.length + 1)}: ${s}`));
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

function dataDirOf(): string {
  const temp = makeTempDir('persona-secrets-');
  cleanups.push(temp.cleanup);
  // Not created yet: createCore makes it.
  return join(temp.dir, 'data');
}

describe('secrets at rest', () => {
  it('no secret set through the operations or the PersonaAPI is stored in clear; the data dir is owner-only', async () => {
    const dataDir = dataDirOf();
    const t: InjectApi = await injectApi({ dataDir });
    cleanups.push(() => t.close());
    const secrets = {
      llmByOperation: `sk-op-${randomUUID()}`,
      llmByRest: `sk-rest-${randomUUID()}`,
      botPassword: `bot-password-${randomUUID()}`,
      botAccessToken: `syt_${randomUUID()}`,
    };
    await call(t.core, 'system.configure_llm', { provider: 'offline', api_key: secrets.llmByOperation });
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/settings/llm', payload: { api_key: secrets.llmByRest, temperature: 0.4 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().llm).toMatchObject({ has_api_key: true, temperature: 0.4 });
    expect(t.core.llm.settings().api_key).toBe(secrets.llmByRest);
    await setBotConfig(t.core, 'Aria', BotConfigInputSchema.parse({ homeserver_url: 'http://127.0.0.1:9', user_id: '@aria:localhost', password: secrets.botPassword }));
    const bot = await t.app.inject({
      method: 'PUT', url: '/api/bots/Kira/config',
      payload: { homeserver_url: 'http://127.0.0.1:9', user_id: '@kira:localhost', access_token: secrets.botAccessToken },
    });
    expect(bot.statusCode, bot.body).toBe(200);
    const issued = await t.app.inject({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'ci', scopes: ['read'] } });
    expect(issued.statusCode, issued.body).toBe(200);
    const issuedToken = issued.json().token as string;
    const installToken = (await t.app.inject({ method: 'POST', url: '/api/settings/network/token' })).json().token as string;
    const network = await t.app.inject({ method: 'PATCH', url: '/api/settings/network', payload: { allowed_origins: ['https://ui.example'] } });
    expect(network.statusCode, network.body).toBe(200);
    const all = [...Object.values(secrets), issuedToken, installToken];

    // While the core is open (the WAL holds the latest pages) and after it closed (checkpointed).
    expect(existsSync(join(dataDir, 'persona-mcp.sqlite-wal'))).toBe(true);
    expect(leaks(dataDir, all)).toEqual([]);
    const names = rawFiles(dataDir).map((f) => f.path.slice(dataDir.length + 1)).sort();
    expect(names).toEqual(expect.arrayContaining(['config.json', 'persona-mcp.sqlite', 'persona-mcp.sqlite-wal', 'secret.key', 'secrets.json']));
    if (POSIX) {
      expect(modeOf(dataDir).toString(8)).toBe('700');
      for (const name of names) expect(`${name} ${modeOf(join(dataDir, name)).toString(8)}`).toBe(`${name} 600`);
    }
    await t.close();
    cleanups.pop();
    expect(leaks(dataDir, all)).toEqual([]);

    // The key is sealed, not lost: a new process on the data dir uses it.
    const config = AppConfigSchema.parse({ data_dir: dataDir, log: { level: 'silent' }, llm: { provider: 'offline' } });
    const again = await createCore({ config, migrate: false });
    cleanups.push(() => again.close());
    expect(again.llm.settings().api_key).toBe(secrets.llmByRest);
    expect(again.llm.view()).toMatchObject({ has_api_key: true, temperature: 0.4 });
  });

  it('an upgraded install: a plain-text key in the settings row is sealed on open, wider modes are narrowed', async () => {
    const dataDir = dataDirOf();
    const config = AppConfigSchema.parse({ data_dir: dataDir, log: { level: 'silent' }, llm: { provider: 'offline' } });
    const legacyKey = `sk-legacy-${randomUUID()}`;
    const old = await createCore({ config, migrate: true });
    // What older versions wrote: the whole settings, key included, in the `llm` row.
    await old.db.transaction((em) =>
      createSettingsRepository(em).set('llm', { ...old.llm.settings(), model: 'legacy-model', api_key: legacyKey }, new Date().toISOString()));
    old.secrets.set('bot.x.password', 'irrelevant');
    await old.close();
    writeFileSync(join(dataDir, 'config.json'), '{}\n', { mode: 0o644 });
    expect(leaks(dataDir, [legacyKey])).not.toEqual([]);
    if (POSIX) {
      chmodSync(dataDir, 0o755);
      for (const name of ['persona-mcp.sqlite', 'secrets.json', 'secret.key', 'config.json']) chmodSync(join(dataDir, name), 0o644);
    }

    const core = await createCore({ config, migrate: true });
    cleanups.push(() => core.close());
    expect(core.llm.settings()).toMatchObject({ api_key: legacyKey, model: 'legacy-model' });
    expect(core.secrets.get('llm.api_key')).toBe(legacyKey);
    const row = await createSettingsRepository(core.db.manager).get<Record<string, unknown>>('llm');
    expect(row).toMatchObject({ model: 'legacy-model' });
    expect(row).not.toHaveProperty('api_key');
    expect(leaks(dataDir, [legacyKey])).toEqual([]);
    if (POSIX) {
      expect(modeOf(dataDir).toString(8)).toBe('700');
      for (const name of ['persona-mcp.sqlite', 'secrets.json', 'secret.key', 'config.json']) {
        expect(`${name} ${modeOf(join(dataDir, name)).toString(8)}`).toBe(`${name} 600`);
      }
    }
  });
});
