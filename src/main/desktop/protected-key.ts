// The secret store's master key in the desktop app: kept in `<data dir>/secret.key.enc`,
// sealed by the OS keychain (Electron safeStorage, bound in src/main/electron/secret-key.ts), and
// handed to children as PERSONA_MCP_SECRET_KEY. Without OS encryption the headless 0600 key file
// (`secret.key`, managed by src/core/secrets) stays in use.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeOwnerOnlyFile } from '../../core/index.ts';

/** The OS encryption the key is sealed with (safeStorage in the app, a fake in tests). */
export interface KeyCipher {
  /** False when the OS offers no real protection (then the key is not sealed). */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Where the key came from, or why there is none. */
export type ProtectedKey =
  | { key: Buffer; source: 'unsealed' | 'created' | 'adopted' }
  | { key: null; reason: string };

/** Name of the sealed key file in the data dir. */
export const SEALED_KEY_FILE = 'secret.key.enc';
/** Name of the headless (plain, 0600) key file in the data dir. */
export const PLAIN_KEY_FILE = 'secret.key';

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what} does not hold a 32-byte key`);
  return key;
}

/**
 * Returns the master key: unseals `secret.key.enc`; else adopts an existing headless
 * `secret.key` (sealing it and deleting the plain copy, so earlier secrets stay readable); else
 * creates one. Returns `{ key: null }` when OS encryption is unavailable and nothing is sealed
 * yet. Throws when a sealed key exists but cannot be opened: starting with a fresh key would
 * make every stored secret unreadable.
 */
export function loadProtectedKey(dataDir: string, cipher: KeyCipher): ProtectedKey {
  const sealedFile = join(dataDir, SEALED_KEY_FILE);
  const plainFile = join(dataDir, PLAIN_KEY_FILE);
  const available = cipher.available();
  if (existsSync(sealedFile)) {
    if (!available) throw new Error(`${sealedFile} exists but the OS keychain is not available to open it`);
    let text: string;
    try {
      text = cipher.decrypt(readFileSync(sealedFile));
    } catch (err) {
      throw new Error(`${sealedFile} could not be opened with the OS keychain: ${(err as Error).message}`, { cause: err });
    }
    return { key: decodeKey(text, sealedFile), source: 'unsealed' };
  }
  if (!available) return { key: null, reason: 'OS encryption is unavailable; the 0600 key file is used' };
  if (existsSync(plainFile)) {
    const key = decodeKey(readFileSync(plainFile, 'utf8'), plainFile);
    writeOwnerOnlyFile(sealedFile, cipher.encrypt(key.toString('base64')));
    rmSync(plainFile);
    return { key, source: 'adopted' };
  }
  const key = randomBytes(32);
  writeOwnerOnlyFile(sealedFile, cipher.encrypt(key.toString('base64')));
  return { key, source: 'created' };
}
