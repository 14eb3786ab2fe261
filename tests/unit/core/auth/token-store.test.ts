import { afterEach, describe, expect, it } from 'vitest';
import { createCore, createTokenStore, type CoreContext } from '../../../../src/core/index.ts';
import { AppConfigSchema } from '../../../../src/shared/index.ts';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';

let t: TestCore;
afterEach(async () => t.close());

describe('token store', () => {
  it('generates one install token with every scope and verifies it from a second store on the same data dir', async () => {
    t = await createTestCore();
    expect(t.core.tokens.installToken()).toBeUndefined();
    const token = t.core.tokens.ensureInstallToken();
    expect(token).toMatch(/^pm_[A-Za-z0-9_-]{32}$/);
    expect(t.core.tokens.ensureInstallToken()).toBe(token);
    const other = createTokenStore({ db: t.core.db, secrets: t.core.secrets, configToken: undefined, now: () => new Date() });
    expect(other.verify(token)).toEqual({ token_id: 'install', scopes: ['read', 'chat', 'write', 'admin'] });
    expect(other.verify(`${token}x`)).toBeNull();
  });

  it('issues scoped tokens, stores only their hash, and revocation bumps the generation', async () => {
    t = await createTestCore();
    const { id, token } = await t.core.tokens.issue('unreal tavern', ['read', 'chat']);
    expect(t.core.tokens.verify(token)).toEqual({ token_id: id, scopes: ['read', 'chat'] });
    const stored = t.core.db.sqlite.prepare(`SELECT value FROM settings WHERE key = 'auth.tokens'`).get() as { value: string };
    expect(stored.value).not.toContain(token);
    const before = t.core.tokens.generation();
    await t.core.tokens.revoke(id);
    expect(t.core.tokens.verify(token)).toBeNull();
    expect(t.core.tokens.generation()).toBe(before + 1);
    expect((await t.core.tokens.list())[0]).toMatchObject({ id, name: 'unreal tavern', revoked_at: expect.any(String) });
    await expect(t.core.tokens.revoke(id)).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });

  it('regenerating replaces the install token; a token pinned by config cannot be regenerated', async () => {
    t = await createTestCore();
    const first = t.core.tokens.ensureInstallToken();
    const second = await t.core.tokens.regenerateInstallToken();
    expect(second).not.toBe(first);
    expect(t.core.tokens.verify(first)).toBeNull();
    expect(t.core.tokens.verify(second)?.token_id).toBe('install');
    await t.close();
    t = await createTestCore({ config: { auth: { token: 'pinned-token-0123456789' } } });
    expect(t.core.tokens.pinned).toBe(true);
    expect(t.core.tokens.verify('pinned-token-0123456789')?.scopes).toHaveLength(4);
    await expect(t.core.tokens.regenerateInstallToken()).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a token issued, revoked or regenerated through one connection is seen by another at its very next verify', async () => {
    t = await createTestCore();
    // A second core on the same data dir: its own SQLite connection, as the other services and bots have.
    const other: CoreContext = await createCore({ config: AppConfigSchema.parse({ data_dir: t.dataDir, log: { level: 'silent' } }), migrate: false, seed: false });
    try {
      const install = t.core.tokens.ensureInstallToken();
      expect(other.tokens.verify(install)?.token_id).toBe('install');
      expect(other.tokens.verify('pm_unknown')).toBeNull(); // warms every cache the store keeps
      const { id, token } = await t.core.tokens.issue('fresh', ['read']);
      expect(other.tokens.verify(token)).toEqual({ token_id: id, scopes: ['read'] });
      await t.core.tokens.revoke(id);
      expect(other.tokens.verify(token)).toBeNull();
      const replaced = await t.core.tokens.regenerateInstallToken();
      expect(other.tokens.verify(install)).toBeNull();
      expect(other.tokens.verify(replaced)?.token_id).toBe('install');
      const reissued = await other.tokens.reissue('bot:aria', ['read', 'chat']);
      expect(t.core.tokens.verify(reissued.token)?.token_id).toBe(reissued.id);
    } finally {
      await other.close();
    }
  });
});
