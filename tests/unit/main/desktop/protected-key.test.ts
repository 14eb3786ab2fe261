import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProtectedKey, PLAIN_KEY_FILE, SEALED_KEY_FILE, type KeyCipher } from '../../../../src/main/desktop/index.ts';
import { createSecretStore } from '../../../../src/core/secrets/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// A reversible stand-in for safeStorage: XOR with a per-"keychain" byte, tagged so a foreign
// keychain's data is detected like a real decrypt failure.
function fakeKeychain(id: number, available = true): KeyCipher {
  return {
    available: () => available,
    encrypt: (plain) => Buffer.concat([Buffer.from([id]), Buffer.from(plain).map((b) => b ^ id)]),
    decrypt: (sealed) => {
      if (sealed[0] !== id) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(sealed.subarray(1).map((b) => b ^ id)).toString();
    },
  };
}

let dir: { dir: string; cleanup(): void };
beforeEach(() => {
  dir = makeTempDir('protected-key');
});
afterEach(() => dir.cleanup());

describe('loadProtectedKey', () => {
  it('creates a sealed key on first start and returns the same key afterwards', () => {
    const first = loadProtectedKey(dir.dir, fakeKeychain(7));
    expect(first).toMatchObject({ source: 'created' });
    expect(first.key?.length).toBe(32);
    const sealed = readFileSync(join(dir.dir, SEALED_KEY_FILE));
    expect(sealed.includes(Buffer.from(first.key?.toString('base64') ?? ''))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dir.dir, SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadProtectedKey(dir.dir, fakeKeychain(7));
    expect(again).toMatchObject({ source: 'unsealed' });
    expect(again.key?.equals(first.key as Buffer)).toBe(true);
  });

  it('adopts the headless key file so secrets stored by --server stay readable, and deletes the plain copy', () => {
    const headless = createSecretStore({ dataDir: dir.dir });
    headless.set('matrix.aria.token', 'syt_secret');
    expect(existsSync(join(dir.dir, PLAIN_KEY_FILE))).toBe(true);
    const result = loadProtectedKey(dir.dir, fakeKeychain(7));
    expect(result).toMatchObject({ source: 'adopted' });
    expect(existsSync(join(dir.dir, PLAIN_KEY_FILE))).toBe(false);
    const desktop = createSecretStore({ dataDir: dir.dir, key: result.key as Buffer });
    expect(desktop.get('matrix.aria.token')).toBe('syt_secret');
  });

  it('leaves the headless key file in use when the OS has no real encryption', () => {
    writeFileSync(join(dir.dir, PLAIN_KEY_FILE), `${Buffer.alloc(32, 1).toString('base64')}\n`);
    const result = loadProtectedKey(dir.dir, fakeKeychain(7, false));
    expect(result.key).toBeNull();
    expect(existsSync(join(dir.dir, PLAIN_KEY_FILE))).toBe(true);
    expect(existsSync(join(dir.dir, SEALED_KEY_FILE))).toBe(false);
  });

  it('refuses to replace a sealed key it cannot open', () => {
    loadProtectedKey(dir.dir, fakeKeychain(7));
    const before = readFileSync(join(dir.dir, SEALED_KEY_FILE));
    expect(() => loadProtectedKey(dir.dir, fakeKeychain(9))).toThrow(/could not be opened with the OS keychain/);
    expect(() => loadProtectedKey(dir.dir, fakeKeychain(7, false))).toThrow(/keychain is not available/);
    expect(readFileSync(join(dir.dir, SEALED_KEY_FILE)).equals(before)).toBe(true);
  });

  it('rejects a sealed file that does not hold a 32-byte key', () => {
    const keychain = fakeKeychain(7);
    writeFileSync(join(dir.dir, SEALED_KEY_FILE), keychain.encrypt(Buffer.alloc(8).toString('base64')));
    expect(() => loadProtectedKey(dir.dir, keychain)).toThrow(/32-byte key/);
  });
});
